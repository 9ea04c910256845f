#Requires -Version 7.0
# Pester 5. Needs a built module (./build.ps1) and the simulator project (src/HuaweiMigration.Simulator).
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
    function Get-RouteCount([string] $Route) { [int](Invoke-RestMethod -Uri "$($Sim.Endpoint)/_sim/requests").counts.$Route }
}

AfterAll { Stop-TestSimulator }

Describe 'Get-DrsJob' -Skip:$NoSimulator {
    It 'lists the jobs of every scene as typed DrsJob objects' {
        $jobs = @(Get-DrsJob)
        $jobs.Count | Should -BeGreaterThan 0
        $jobs | ForEach-Object { $_ | Should -BeOfType HuaweiMigration.DrsJob }
        $jobs | ForEach-Object { $_.JobType | Should -BeIn 'migration', 'sync', 'cloudDataGuard' }
        $jobs | ForEach-Object { $_.JobId | Should -Be $_.Id }
        $jobs | Where-Object CreatedAt | ForEach-Object { $_.CreatedAt | Should -BeOfType System.DateTimeOffset }
        # One request per scene: the demo has fewer than 100 jobs in each.
        Get-RouteCount 'drs.list' | Should -BeGreaterOrEqual 3
    }

    It 'filters by wildcard name and by scene' {
        $all = @(Get-DrsJob)
        $first = $all[0]
        $pattern = $first.Name.Substring(0, 3) + '*'
        @(Get-DrsJob -Name $pattern).Name | Should -Be @($all | Where-Object Name -like $pattern).Name
        @(Get-DrsJob -JobType $first.JobType).JobType | Sort-Object -Unique | Should -Be $first.JobType
    }

    It 'writes DrsJobNotFound for an exact name that matches nothing, and goes on' {
        $out = @(Get-DrsJob -Name 'no-such-drs-job' -ErrorVariable failures -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'DrsJobNotFound,HuaweiMigration.Commands.GetDrsJobCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'no-such-drs-job'
    }

    It 'warns about an unknown status instead of silently matching nothing' {
        $out = @(Get-DrsJob -Status 'NOT_A_STATUS' -WarningVariable warned -WarningAction SilentlyContinue)
        $out.Count | Should -Be 0
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -Match 'INCRE_TRANSFER_STARTED'
    }

    It 'stops paging at -First' {
        @(Get-DrsJob -First 1).Count | Should -Be 1
    }

    It 'pipes into Get-DrsJobProgress, which carries the job names' {
        $jobs = @(Get-DrsJob)
        $progress = @($jobs | Get-DrsJobProgress)
        $progress.JobId | Should -Be $jobs.Id
        $progress.JobName | Should -Be $jobs.Name
    }

    It 'pipes into Watch-Migration, whose statuses carry the job names' {
        $job = @(Get-DrsJob)[0]
        $status = @($job | Watch-Migration -Until FullSyncComplete -Interval 1 -Timeout 2 -ErrorAction SilentlyContinue)
        $status.Count | Should -Be 1
        $status[0].Service | Should -Be 'Drs'
        $status[0].Id | Should -Be $job.Id
        $status[0].Name | Should -Be $job.Name
    }

    It 'completes the job ids it has seen, with the name in the tooltip' {
        $job = @(Get-DrsJob)[0]
        $line = "Get-DrsJobProgress -JobId $($job.Id.Substring(0, 6))"
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        ($found | Where-Object CompletionText -eq $job.Id).ToolTip | Should -Match ([regex]::Escape($job.Name))
    }

    It 'has a table view that fits 80 columns' {
        $lines = @(Get-DrsJob | Format-Table | Out-String -Width 80 -Stream | Where-Object { $_ })
        $lines[0] | Should -Match '^Id\s+Name\s+Status'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        # Id, Name and Status are whole within 80 columns.
        foreach ($job in Get-DrsJob) { $lines | Should -Contain ($lines | Where-Object { $_ -match "^$($job.Id) " -and $_ -match "\b$($job.Status)\b" }) }
    }
}
