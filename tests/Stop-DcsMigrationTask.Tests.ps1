#Requires -Version 7.0
# Pester 5. Needs a built module (./build.ps1) and the simulator project (src/HuaweiMigration.Simulator).
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
    function Get-StopCount { [int](Invoke-RestMethod -Uri "$($Sim.Endpoint)/_sim/requests").counts.'dcs.stop' }
}

AfterAll { Stop-TestSimulator }

Describe 'Stop-DcsMigrationTask' -Skip:$NoSimulator {
    BeforeAll {
        # The demo's tasks: stop the running ones only, one per test.
        $script:Running = @(Get-DcsMigrationTask | Where-Object Status -in 'RUNNING', 'FULLMIGRATING', 'INCRMIGEATING', 'MIGRATING')
    }

    It 'is ConfirmImpact High with -WhatIf, -Confirm and -Force' {
        $cmd = Get-Command Stop-DcsMigrationTask
        $cmd.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        $cmd.Parameters.Keys | Should -Contain 'WhatIf'
        $cmd.Parameters.Keys | Should -Contain 'Force'
    }

    It '-WhatIf sends no request' {
        $before = Get-StopCount
        $Running | Stop-DcsMigrationTask -WhatIf
        Get-StopCount | Should -Be $before
        (Get-DcsMigrationTask -TaskId $Running[0].TaskId).Status | Should -Not -BeIn 'TERMINATING', 'TERMINATED'
    }

    It 'stops a piped task and waits until it is TERMINATED' {
        $task = $Running[0]
        $out = @(Get-DcsMigrationTask -Name $task.TaskName | Stop-DcsMigrationTask -Force -Wait -PassThru -Timeout 60)
        $out.Count | Should -Be 1
        $out[0] | Should -BeOfType HuaweiMigration.DcsMigrationTask
        $out[0].TaskId | Should -Be $task.TaskId
        $out[0].Status | Should -Be 'TERMINATED'
    }

    It 'warns for a task that has already ended, outputs it with -PassThru, and errs only for an unknown id' {
        $id = $Running[0].TaskId
        $out = Stop-DcsMigrationTask -TaskId $id -Force -PassThru -ErrorVariable failures -WarningVariable warned -WarningAction SilentlyContinue
        $failures.Count | Should -Be 0
        $warned | Should -Match 'already ended \(TERMINATED\)'
        $out.Status | Should -Be 'TERMINATED'
        { Stop-DcsMigrationTask -TaskId 'no-such-task' -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'DCS.4133,HuaweiMigration.Commands.StopDcsMigrationTaskCommand'
    }

    It 'outputs the stop answer with -PassThru, without a password' {
        if ($Running.Count -lt 2) { Set-ItResult -Skipped -Because 'the scenario has one running task only'; return }
        $out = Stop-DcsMigrationTask -TaskId $Running[1].TaskId -Confirm:$false -PassThru
        $out.Status | Should -Be 'TERMINATING'
        ($out | ConvertTo-Json -Depth 6) | Should -Not -Match 'password'
    }

    It 'fails at once instead of prompting in pwsh -NonInteractive without -Force' {
        $id = @(Get-DcsMigrationTask | Where-Object Status -in 'RUNNING', 'FULLMIGRATING', 'INCRMIGEATING')[0].TaskId
        if (-not $id) { Set-ItResult -Skipped -Because 'no running task is left'; return }
        $before = Get-StopCount
        $module = Join-Path $Root 'out/HuaweiMigration/HuaweiMigration.psd1'
        $script = "Import-Module '$module'; $($Sim.ConnectLine) | Out-Null; Stop-DcsMigrationTask -TaskId $id; exit 0"
        # This pwsh, whether an installed one or the tool manifest's (dotnet pwsh.dll).
        $exe, $first = if (Test-Path (Join-Path $PSHOME 'pwsh.dll')) { 'dotnet', @((Join-Path $PSHOME 'pwsh.dll')) } else { (Get-Process -Id $PID).Path, @() }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = & $exe @first -NoProfile -NonInteractive -Command $script 2>&1
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 60
        ($output | Out-String) | Should -Match 'needs a confirmation'
        ($output | Out-String) | Should -Match '-Force'
        Get-StopCount | Should -Be $before
        (Get-DcsMigrationTask -TaskId $id).Status | Should -Not -BeIn 'TERMINATING', 'TERMINATED'
    }
}
