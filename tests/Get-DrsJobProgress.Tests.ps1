#Requires -Version 7.0
# Pester 5. Needs a built module (./build.ps1) and the simulator project (src/HuaweiMigration.Simulator).
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
}

AfterAll { Stop-TestSimulator }

Describe 'Get-DrsJobProgress' -Skip:$NoSimulator {
    BeforeAll {
        $script:JobIds = @(if ($env:HUAWEIMIGRATION_SIM_DRS_JOBS) { $env:HUAWEIMIGRATION_SIM_DRS_JOBS -split ',' } else { $Sim.DrsJobIds })
        $script:NoJobs = $JobIds.Count -eq 0
        # Object rows need a job that has some: in the demo scenario only one job does, and it is not the first.
        $script:TableJob = $JobIds | Where-Object { @(Get-DrsJobProgress -JobId $_ -ObjectType table -First 2 -ErrorAction SilentlyContinue).Count -ge 2 } | Select-Object -First 1
        $script:NoTables = -not $TableJob
    }

    It 'reads one DrsJobProgress per job, in input order' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'the simulator banner listed no DRS job ids (or set $env:HUAWEIMIGRATION_SIM_DRS_JOBS)'; return }
        $ids = @($JobIds)
        [array]::Reverse($ids)
        $progress = @(Get-DrsJobProgress -JobId $ids)
        $progress.JobId | Should -Be $ids
        $progress | ForEach-Object { $_ | Should -BeOfType HuaweiMigration.DrsJobProgress }
        $progress | ForEach-Object { $_.TaskMode | Should -BeIn 'FULL_TRANS', 'INCR_TRANS', 'FULL_INCR_TRANS' }
    }

    It 'asks for 10 jobs per batch across the whole pipeline' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids'; return }
        $ids = @(1..12 | ForEach-Object { $JobIds[$_ % $JobIds.Count] })
        $before = Get-SimRequestCount 'batch-progress'
        @($ids | Get-DrsJobProgress).Count | Should -Be 12
        (Get-SimRequestCount 'batch-progress') - $before | Should -Be 2
    }

    It 'binds DrsJobProgress objects and job_id properties from the pipeline' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids'; return }
        @(Get-DrsJobProgress -JobId $JobIds[0] | Get-DrsJobProgress).JobId | Should -Be $JobIds[0]
        @([pscustomobject]@{ job_id = $JobIds[0] } | Get-DrsJobProgress).JobId | Should -Be $JobIds[0]
    }

    It 'writes DRS.M05003 for an unknown job with the job id as TargetObject, and returns the others' {
        $bad = '00000000-0000-0000-0000-000000000000jb00'
        $ids = @($bad) + @($JobIds | Select-Object -First 1)
        $out = @(Get-DrsJobProgress -JobId $ids -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'DRS.M05003,HuaweiMigration.Commands.GetDrsJobProgressCommand'
        $failures[0].TargetObject | Should -Be $bad
        $out.JobId | Should -Be @($JobIds | Select-Object -First 1)
        { Get-DrsJobProgress -JobId $bad -ErrorAction Stop } | Should -Throw -ErrorId 'DRS.M05003,HuaweiMigration.Commands.GetDrsJobProgressCommand'
    }

    It 'lists the tables of a job as DrsObjectProgress rows' {
        if ($NoTables) { Set-ItResult -Skipped -Because 'no DRS job of the scenario has tables'; return }
        $rows = @(Get-DrsJobProgress -JobId $TableJob -ObjectType table)
        $rows.Count | Should -BeGreaterThan 1
        $rows | ForEach-Object { $_ | Should -BeOfType HuaweiMigration.DrsObjectProgress }
        $rows | ForEach-Object { $_.JobId | Should -Be $TableJob; $_.ObjectType | Should -Be 'table' }
        Get-SimRequestCount 'progress-data/table' | Should -BeGreaterThan 0
    }

    It 'supports -First, -Skip and -IncludeTotalCount' {
        if ($NoTables) { Set-ItResult -Skipped -Because 'no DRS job of the scenario has tables'; return }
        $all = @(Get-DrsJobProgress -JobId $TableJob -ObjectType table)
        $first = @(Get-DrsJobProgress -JobId $TableJob -ObjectType table -First 1)
        $first.Count | Should -Be 1
        $first[0].SourceObject | Should -Be $all[0].SourceObject
        @(Get-DrsJobProgress -JobId $TableJob -ObjectType table -Skip 1).Count | Should -Be ($all.Count - 1)
        $withTotal = @(Get-DrsJobProgress -JobId $TableJob -ObjectType table -First 1 -IncludeTotalCount)
        ($withTotal | Where-Object { $_ -isnot [HuaweiMigration.DrsObjectProgress] } | Out-String) | Should -Match "$($all.Count)"
    }

    It 'sends -Filter as search_name' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids'; return }
        $null = @(Get-DrsJobProgress -JobId $JobIds[0] -ObjectType table -Filter order)
        Get-SimRequestCount 'search_name=order' | Should -BeGreaterThan 0
    }

    It 'validates -ObjectType' {
        { Get-DrsJobProgress -JobId x -ObjectType tables } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,HuaweiMigration.Commands.GetDrsJobProgressCommand'
    }

    It 'says NotConnected without a session' {
        Disconnect-HuaweiCloud
        try {
            { Get-DrsJobProgress -JobId x -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,HuaweiMigration.Commands.GetDrsJobProgressCommand'
        }
        finally { Connect-Simulator }
    }
}
