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

Describe 'Get-DcsMigrationStats' -Skip:$NoSimulator {
    BeforeAll {
        $script:Online = @(Get-DcsMigrationTask | Where-Object MigrationType -eq 'online_migration')
        if ($Online.Count -eq 0) { $script:Online = @(Get-DcsMigrationTask) }
    }

    It 'reads one sample per task' {
        $stats = Get-DcsMigrationStats -TaskId $Online[0].TaskId
        $stats | Should -BeOfType HuaweiMigration.DcsMigrationStats
        $stats.TaskId | Should -Be $Online[0].TaskId
        $stats.SampledAt | Should -BeGreaterThan (Get-Date).AddMinutes(-1)
    }

    It 'computes KeysRemaining from the key counts' {
        $stats = Get-DcsMigrationStats -TaskId $Online[0].TaskId
        if ($null -ne $stats.SourceDbSize -and $null -ne $stats.TargetDbSize) {
            $stats.KeysRemaining | Should -Be ([Math]::Max(0, $stats.SourceDbSize - $stats.TargetDbSize))
        }
    }

    It 'chains from Get-DcsMigrationTask and keeps the input order' {
        $stats = @($Online | Get-DcsMigrationStats -ThrottleLimit 2 -ErrorAction SilentlyContinue)
        $stats.TaskId | Should -Be @($Online.TaskId | Where-Object { $stats.TaskId -contains $_ })
        $stats.Count | Should -BeGreaterThan 0
    }

    It 'says DCS.4133 for a task that does not exist, with the id as TargetObject' {
        $bad = '00000000-0000-0000-0000-000000000000'
        { Get-DcsMigrationStats -TaskId $bad -ErrorAction Stop } |
            Should -Throw -ErrorId 'DCS.4133,HuaweiMigration.Commands.GetDcsMigrationStatsCommand'
        $null = Get-DcsMigrationStats -TaskId $bad -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].TargetObject | Should -Be $bad
        $failures[0].Exception.Message | Should -Match 'request id|not found'
    }

    It 'goes on after a failed id' {
        $out = @(Get-DcsMigrationStats -TaskId '00000000-0000-0000-0000-000000000000', $Online[0].TaskId -ErrorAction SilentlyContinue)
        $out.TaskId | Should -Be $Online[0].TaskId
    }

    It 'sends the requests of one pipeline concurrently but no more than -ThrottleLimit' {
        $before = Get-SimRequestCount '/stats'
        $ids = @(1..6 | ForEach-Object { $Online[0].TaskId })
        @(Get-DcsMigrationStats -TaskId $ids -ThrottleLimit 2).Count | Should -Be 6
        (Get-SimRequestCount '/stats') - $before | Should -Be 6
    }

    It 'says NotConnected without a session' {
        Disconnect-HuaweiCloud
        try {
            { Get-DcsMigrationStats -TaskId x -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,HuaweiMigration.Commands.GetDcsMigrationStatsCommand'
        }
        finally { Connect-Simulator }
    }
}
