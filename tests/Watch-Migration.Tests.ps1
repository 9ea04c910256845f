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

Describe 'Watch-Migration' -Skip:$NoSimulator {
    BeforeAll {
        $script:Tasks = @(Get-DcsMigrationTask)
        $script:Running = @($Tasks | Where-Object { $_.Status -in 'MIGRATING', 'FULLMIGRATING', 'INCRMIGEATING', 'RUNNING' })
        $script:JobIds = @(if ($env:HUAWEIMIGRATION_SIM_DRS_JOBS) { $env:HUAWEIMIGRATION_SIM_DRS_JOBS -split ',' } else { $Sim.DrsJobIds })
    }

    # These run before the clock is moved forward, while the demo migrations are still running.
    It 'times out with WatchTimeout and outputs the last status of unfinished items' {
        if ($Running.Count -eq 0) { Set-ItResult -Skipped -Because 'the demo scenario has no running DCS task'; return }
        $out = @(Watch-Migration -DcsTaskId $Running[0].TaskId -Until Completed -Interval 1 -Timeout 2 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.FullyQualifiedErrorId | Should -Contain 'WatchTimeout,HuaweiMigration.Commands.WatchMigrationCommand'
        $out.Count | Should -Be 1
        $out[0] | Should -BeOfType HuaweiMigration.MigrationStatus
        $out[0].Service | Should -Be 'Dcs'
        $out[0].Id | Should -Be $Running[0].TaskId
        $out[0].ConditionMet | Should -BeFalse
    }

    It 'writes every sample with -Stream' {
        if ($Running.Count -eq 0) { Set-ItResult -Skipped -Because 'the demo scenario has no running DCS task'; return }
        $out = @(Watch-Migration -DcsTaskId $Running[0].TaskId -Interval 1 -Timeout 3 -Stream -ErrorAction SilentlyContinue)
        $out.Count | Should -BeGreaterThan 1
        $out | ForEach-Object { $_.Id | Should -Be $Running[0].TaskId }
    }

    It 'writes progress records and one verbose line per item per poll' {
        if ($Running.Count -eq 0) { Set-ItResult -Skipped -Because 'the demo scenario has no running DCS task'; return }
        $records = Watch-Migration -DcsTaskId $Running[0].TaskId -Interval 1 -Timeout 2 -Verbose -ErrorAction SilentlyContinue 4>&1
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and ($_.Message -match [regex]::Escape($Running[0].TaskId) -or $_.Message -match [regex]::Escape([string]$Running[0].TaskName)) }).Count |
            Should -BeGreaterThan 0
    }

    It 'stops watching an item after 5 failed polls with the last API error code' {
        $bad = '00000000-0000-0000-0000-000000000000'
        $out = @(Watch-Migration -DcsTaskId $bad -Interval 1 -Timeout 30 -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $failures.FullyQualifiedErrorId | Should -Contain 'DCS.4133,HuaweiMigration.Commands.WatchMigrationCommand'
        ($failures | Where-Object FullyQualifiedErrorId -like 'DCS.4133,*')[0].TargetObject | Should -Not -BeNullOrEmpty
    }

    It 'ends within a second of Ctrl+C' {
        if ($Running.Count -eq 0) { Set-ItResult -Skipped -Because 'the demo scenario has no running DCS task'; return }
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$Root/out/HuaweiMigration/HuaweiMigration.psd1'; $($Sim.ConnectLine); Watch-Migration -DcsTaskId '$($Running[0].TaskId)' -Interval 30")
        $handle = $ps.BeginInvoke()
        Start-Sleep -Seconds 3
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1.5
        $ps.Dispose()
    }

    It 'binds tasks, stats and DRS progress objects from the pipeline' {
        Move-SimClock -Seconds 864000  # ten days: the demo migrations end
        $inputs = @($Tasks | Select-Object -First 2) + @($Tasks | Select-Object -First 1 | Get-DcsMigrationStats -ErrorAction SilentlyContinue)
        if ($JobIds.Count -gt 0) { $inputs += @(Get-DrsJobProgress -JobId $JobIds -ErrorAction SilentlyContinue) }
        # FullSyncComplete, not Completed: incremental migrations (DCS online incremental, DRS FULL_INCR_TRANS) never end by themselves.
        $out = @($inputs | Watch-Migration -Until FullSyncComplete -Interval 1 -Timeout 60 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $out | ForEach-Object { $_ | Should -BeOfType HuaweiMigration.MigrationStatus }
        @($out | Where-Object Service -eq 'Dcs').Count | Should -BeGreaterThan 0
        if ($JobIds.Count -gt 0) { @($out | Where-Object Service -eq 'Drs').Count | Should -BeGreaterThan 0 }
        $failures | Where-Object { $_.FullyQualifiedErrorId -notlike 'MigrationFailed,*' } | Should -BeNullOrEmpty
    }

    It 'returns the final status of every finished migration with -Until Completed' {
        # The incremental and the stalled demo tasks never end: they come out at the timeout with ConditionMet false.
        $out = @(Watch-Migration -DcsTaskId $Tasks.TaskId -Until Completed -Interval 1 -Timeout 10 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $ok = @($out | Where-Object ConditionMet)
        $ok | ForEach-Object { $_.Phase | Should -BeIn 'Completed', 'Failed', 'Stopped' }
        $failures | Where-Object FullyQualifiedErrorId -like 'MigrationFailed,*' | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -Be 'MigrationFailed,HuaweiMigration.Commands.WatchMigrationCommand'
            $_.TargetObject | Should -BeOfType HuaweiMigration.MigrationStatus
        }
    }

    It 'reports CaughtUp when full sync is done and nothing is left' {
        $online = @($Tasks | Where-Object MigrationType -eq 'online_migration' | Where-Object Status -notin 'FAILED', 'MIGRATION_FAILED', 'TERMINATED', 'RELEASED')
        if ($online.Count -eq 0) { Set-ItResult -Skipped -Because 'no online DCS migration in the demo scenario'; return }
        $out = @(Watch-Migration -DcsTaskId $online[0].TaskId -Until CaughtUp -Interval 1 -Timeout 30 -ErrorAction SilentlyContinue)
        if ($out.Count -eq 1 -and $out[0].ConditionMet) {
            $out[0].KeysRemaining | Should -Be 0
            $out[0].Percent | Should -Be 100
        }
    }

    It 'validates its parameters' {
        { Watch-Migration -DcsTaskId x -Interval 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HuaweiMigration.Commands.WatchMigrationCommand'
        # -Until is a WatchCondition enum: a name outside it fails the conversion, not a ValidateSet.
        { Watch-Migration -DcsTaskId x -Until Finished } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,HuaweiMigration.Commands.WatchMigrationCommand'
    }

    It 'says NotConnected without a session' {
        Disconnect-HuaweiCloud
        try {
            { Watch-Migration -DcsTaskId x -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,HuaweiMigration.Commands.WatchMigrationCommand'
        }
        finally { Connect-Simulator }
    }
}
