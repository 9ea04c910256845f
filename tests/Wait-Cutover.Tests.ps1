#Requires -Version 7.0
# Pester 5. Runs docs/examples/Wait-Cutover.ps1 the way an automation account does, as pwsh -NonInteractive -File,
# against the simulator, and checks its exit code. Only the happy path may exit 0.
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    # x10 simulated time: the healthy migrations catch up within seconds; the rest fail, stop or stall at once.
    $scenario = [ordered]@{
        region      = 'cn-north-4'
        projectId   = '0123456789abcdef0123456789abcdef'
        timeScale   = 10
        credentials = @(@{ accessKey = 'HPUACUTOVERTESTAK001'; secretKey = 'cutover-test-secret-key-0123456789' })
        dcsTasks    = @(
            @{ taskId = 'dcs-ok'; taskName = 'orders-cache'; migrationMethod = 'incremental_migration'; keys = 1000
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialLagKeys = 10; lagHalfLifeSeconds = 3; finalLagKeys = 0 } }
            # Only the -StopWhenCaughtUp case stops these two, so the other cases never see a task it stopped.
            @{ taskId = 'dcs-cut1'; taskName = 'orders-cache-a'; migrationMethod = 'incremental_migration'; keys = 1000
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialLagKeys = 10; lagHalfLifeSeconds = 3; finalLagKeys = 0 } }
            @{ taskId = 'dcs-cut2'; taskName = 'orders-cache-b'; migrationMethod = 'incremental_migration'; keys = 1000
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialLagKeys = 10; lagHalfLifeSeconds = 3; finalLagKeys = 0 } }
            @{ taskId = 'dcs-cut3'; taskName = 'orders-cache-c'; migrationMethod = 'incremental_migration'; keys = 1000
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialLagKeys = 10; lagHalfLifeSeconds = 3; finalLagKeys = 0 } }
            @{ taskId = 'dcs-part1'; taskName = 'orders-cache-d'; migrationMethod = 'incremental_migration'; keys = 1000
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialLagKeys = 10; lagHalfLifeSeconds = 3; finalLagKeys = 0 } }
            @{ taskId = 'dcs-part2'; taskName = 'orders-cache-e'; migrationMethod = 'incremental_migration'; keys = 1000
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialLagKeys = 10; lagHalfLifeSeconds = 3; finalLagKeys = 0 } }
            # Only the NotReady case switches (or rather, does not switch) this one. Caught up from the start, so that the watch
            # reads its details exactly twice however soon the case runs.
            @{ taskId = 'dcs-relapse'; taskName = 'orders-cache-f'; migrationMethod = 'incremental_migration'; keys = 1000
               behavior = @{ kind = 'complete'; fullSyncSeconds = 0.1; initialLagKeys = 0; lagHalfLifeSeconds = 3; finalLagKeys = 0 } }
            @{ taskId = 'dcs-stopped'; taskName = 'sessions-cache'; behavior = @{ kind = 'terminated' } }
            @{ taskId = 'dcs-stalled'; taskName = 'catalog-cache'; behavior = @{ kind = 'stall'; fullSyncSeconds = 100; stallAtPercent = 20 } }
        )
        drsJobs     = @(
            @{ jobId = 'drs-ok'; taskMode = 'FULL_INCR_TRANS'
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialDelaySeconds = 10; delayHalfLifeSeconds = 3; finalDelaySeconds = 0 } }
            @{ jobId = 'drs-failed'; taskMode = 'FULL_TRANS'; behavior = @{ kind = 'fail'; fullSyncSeconds = 20; failAtPercent = 30 } }
            # Stopped only by the cases that end a cut-over.
            @{ jobId = 'drs-cut'; taskMode = 'FULL_INCR_TRANS'
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialDelaySeconds = 10; delayHalfLifeSeconds = 3; finalDelaySeconds = 0 } }
            @{ jobId = 'drs-part'; taskMode = 'FULL_INCR_TRANS'
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialDelaySeconds = 10; delayHalfLifeSeconds = 3; finalDelaySeconds = 0 } }
            @{ jobId = 'drs-relfail'; taskMode = 'FULL_INCR_TRANS'; releaseFails = $true
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialDelaySeconds = 10; delayHalfLifeSeconds = 3; finalDelaySeconds = 0 } }
            @{ jobId = 'drs-differs'; taskMode = 'FULL_INCR_TRANS'
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialDelaySeconds = 10; delayHalfLifeSeconds = 3; finalDelaySeconds = 0 }
               comparison = @{ outcome = 'inconsistent'; inconsistentTables = @('db1.table_000001') } }
        )
    }
    $scenarioPath = Join-Path $TestDrive 'cutover.json'
    $scenario | ConvertTo-Json -Depth 8 | Set-Content -Path $scenarioPath
    $SimulatorArguments = '--scenario', $scenarioPath
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    $script:Script = Join-Path $Root 'docs/examples/Wait-Cutover.ps1'

    function Invoke-Cutover {
        param([string[]] $Arguments, [switch] $NoCredentials, [hashtable] $ExtraEnvironment = @{})
        # The child finds the built module on PSModulePath and the credentials in the environment, as a runbook would.
        $environment = Get-RunbookEnvironment -NoCredentials:$NoCredentials
        foreach ($k in $ExtraEnvironment.Keys) { $environment[$k] = $ExtraEnvironment[$k] }
        # Ready (the default) with the comparisons started by the watch and a short stability window.
        $r = Invoke-ChildPwsh -File $Script -Environment $environment -Arguments (@('-Region', $Sim.Region, '-Endpoint', $Sim.Endpoint, '-IntervalSeconds', '1', '-StableForSeconds', '1', '-StartComparison') + $Arguments)
        [pscustomobject]@{ ExitCode = $r.ExitCode; Text = $r.Output }
    }

    # Stop requests the simulator has logged, all tasks together.
    function Get-StopCount { Get-SimRequestCount '/stop' }

    function Add-SimFault([hashtable] $Fault) {
        $null = Invoke-RestMethod -Method Post -Uri "$($Sim.Endpoint)/_sim/faults" -ContentType 'application/json' -Body ($Fault | ConvertTo-Json)
    }
}

AfterAll { Stop-TestSimulator }

Describe 'Wait-Cutover.ps1' -Skip:$NoSimulator {
    AfterEach { $null = Invoke-RestMethod -Method Delete -Uri "$($Sim.Endpoint)/_sim/faults" }

    It 'exits 0 when every migration caught up' {
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-DrsJobId', 'drs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'safe to cut over'
        $r.ExitCode | Should -Be 0
    }

    It 'exits 6 when a comparison finds the job inconsistent, naming the table''s database, and switches nothing over' {
        $r = Invoke-Cutover -Arguments '-DrsJobId', 'drs-ok,drs-differs', '-TimeoutSeconds', '60', '-SwitchOver', 'Write-Output SWITCHED'
        $r.Text | Should -Match 'MigrationInconsistent|Inconsistent'
        $r.Text | Should -Match 'db1'
        $r.Text | Should -Not -Match 'SWITCHED'
        $r.ExitCode | Should -Be 6
    }

    It 'with -CaughtUpOnly exits 0 for the same job without any comparison' {
        $r = Invoke-Cutover -Arguments '-DrsJobId', 'drs-differs', '-CaughtUpOnly', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'caught up: safe to cut over'
        $r.ExitCode | Should -Be 0
    }

    It 'exits 0 with the credentials from a profile instead of the environment' {
        $profileHome = Join-Path $TestDrive 'home'
        $null = New-Item -ItemType Directory -Path (Join-Path $profileHome '.huaweicloud') -Force
        "[cutover]`nak = $($Sim.AccessKey)`nsk = $($Sim.SecretKey)`nproject_id = $($Sim.ProjectId)`n" |
            Set-Content -Path (Join-Path $profileHome '.huaweicloud/credentials')
        $r = Invoke-Cutover -NoCredentials -ExtraEnvironment @{ HOME = $profileHome; USERPROFILE = $profileHome } -Arguments '-ProfileName', 'cutover', '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'safe to cut over'
        $r.ExitCode | Should -Be 0
    }

    It 'exits 1 for a mistyped id, even next to a healthy one' {
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok,dcs-0k', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'DCS\.4133'
        $r.Text | Should -Not -Match 'safe to cut over'
        $r.ExitCode | Should -Be 1
    }

    It 'exits 1 for <Case>' -ForEach @(
        @{ Case = 'an empty id'; Arguments = '-DrsJobId', 'drs-ok', '-DcsTaskId', '', '-TimeoutSeconds', '60'; Match = 'DCS task id is empty' }
        @{ Case = 'a stopped task'; Arguments = '-DcsTaskId', 'dcs-stopped', '-DrsJobId', 'drs-ok', '-TimeoutSeconds', '60'; Match = 'stopped with status TERMINATED' }
        @{ Case = 'a failed job'; Arguments = '-DrsJobId', 'drs-failed', '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60'; Match = 'failed with status FULL_TRANSFER_FAILED' }
        @{ Case = 'a stalled migration'; Arguments = '-DcsTaskId', 'dcs-stalled', '-StallTimeoutSeconds', '3', '-TimeoutSeconds', '60'; Match = 'no progress' }
    ) {
        $r = Invoke-Cutover -Arguments $Arguments
        $r.Text | Should -Match $Match
        $r.ExitCode | Should -Be 1
    }

    It 'does not exit 0 when the API answers 502 forever' {
        Add-SimFault @{ route = 'dcs.stats'; kind = 'htmlError'; statusCode = 502; times = 0 }
        Add-SimFault @{ route = 'drs.batch'; kind = 'htmlError'; statusCode = 502; times = 0 }
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-DrsJobId', 'drs-ok', '-TimeoutSeconds', '8'
        $r.Text | Should -Match 'retrying next poll'
        # Failed polls are retried for two minutes of real time, longer than this timeout: so it is the timeout, 2.
        $r.ExitCode | Should -Be 2
    }

    It 'exits 2 when the timeout runs out, and lists the unfinished migration' {
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-stalled', '-DrsJobId', 'drs-ok', '-TimeoutSeconds', '4'
        $r.Text | Should -Match 'timed out'
        $r.Text | Should -Match 'dcs-stalled'
        $r.ExitCode | Should -Be 2
    }

    It 'with -SwitchOver and -StopWhenCaughtUp: switches over, then stops every DCS task and DRS job, and exits 0' {
        $marker = Join-Path $TestDrive 'switched.txt'
        $switch = Join-Path $TestDrive 'Switch-Application.ps1'
        # The switch-over step sees the tasks still replicating: nothing is stopped before it ran.
        # It runs in the script's session: the module's cmdlets work without a new Connect.
        "(Get-DcsMigrationTask -TaskId dcs-cut1, dcs-cut2).Status -join ',' | Set-Content -Path '$marker'" | Set-Content -Path $switch
        $before = Get-StopCount
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-cut1,dcs-cut2', '-DrsJobId', 'drs-cut', '-TimeoutSeconds', '60', '-SwitchOver', "& '$switch'", '-StopWhenCaughtUp', '-StopTimeoutSeconds', '60'
        $r.Text | Should -Match 'Switched over'
        $r.Text | Should -Match 'Stopped 2 DCS task\(s\) and 1 DRS job'
        $r.Text | Should -Not -Match 'never stopped|not stopped'
        $r.ExitCode | Should -Be 0
        Get-Content $marker | Should -Not -Match 'TERMINAT'
        Get-SimRequestCount 'migration-task/dcs-cut1/stop' | Should -Be 1
        Get-SimRequestCount 'migration-task/dcs-cut2/stop' | Should -Be 1
        (Get-StopCount) - $before | Should -Be 2
        Get-SimRequestCount 'batch-jobs' | Should -Be 1
        Connect-Simulator
        (Get-DcsMigrationTask -TaskId dcs-cut1, dcs-cut2).Status | Should -Be 'TERMINATED', 'TERMINATED'
        (Get-DrsJobProgress -JobId drs-cut).TransferStatus | Should -Be 'RELEASE_RESOURCE_COMPLETE'
    }

    It 'with -SwitchDcsIp -StopWhenCaughtUp: switches the Redis IPs, then stops the task, and exits 0' {
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-cut3', '-TimeoutSeconds', '60', '-SwitchDcsIp', '-StopWhenCaughtUp', '-StopTimeoutSeconds', '60'
        $r.Text | Should -Match 'Switched the IP addresses of 1 DCS task'
        $r.ExitCode | Should -Be 0
        Get-SimRequestCount 'migration-task/dcs-cut3/exchange-ip' | Should -Be 1
        Connect-Simulator
        $task = Get-DcsMigrationTask -TaskId dcs-cut3
        $task.TaskStatus | Should -Be 'EXCHANGE_SUCCESS'
        $task.Status | Should -Be 'TERMINATED'
    }

    It 'a re-run after a partial stop finishes the cut-over and exits 0' {
        # A first run was interrupted after stopping one task: the re-run takes it as done and stops the rest.
        Connect-Simulator
        Stop-DcsMigrationTask -TaskId dcs-part1 -Force
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-part1,dcs-part2', '-DrsJobId', 'drs-part', '-TimeoutSeconds', '60', '-SwitchOver', "Write-Output 'moved'", '-StopWhenCaughtUp', '-StopTimeoutSeconds', '60'
        $r.Text | Should -Match 'taken as done: dcs-part1'
        $r.ExitCode | Should -Be 0
        Get-SimRequestCount 'migration-task/dcs-part2/stop' | Should -Be 1
        (Get-DcsMigrationTask -TaskId dcs-part1, dcs-part2).Status | Should -Be 'TERMINATED', 'TERMINATED'
        # And once more: everything already stopped is still success, not exit 1 or 5.
        $again = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-part1,dcs-part2', '-DrsJobId', 'drs-part', '-TimeoutSeconds', '60', '-SwitchOver', "Write-Output 'moved'", '-StopWhenCaughtUp', '-StopTimeoutSeconds', '60'
        $again.ExitCode | Should -Be 0
    }

    It 'exits 5 when a DRS job fails to release after the switch-over' {
        $r = Invoke-Cutover -Arguments '-DrsJobId', 'drs-relfail', '-TimeoutSeconds', '60', '-SwitchOver', "Write-Output 'moved'", '-StopWhenCaughtUp', '-StopTimeoutSeconds', '60'
        $r.Text | Should -Match 'StopFailed for drs-relfail'
        $r.ExitCode | Should -Be 5
    }

    It 'exits 4 when the DCS IP switch fails, and stops nothing' {
        Add-SimFault @{ route = 'dcs.exchange-ip'; kind = 'serviceError'; statusCode = 400; errorCode = 'DCS.4119'; errorMsg = 'Ports differ.'; times = 0 }
        $before = Get-StopCount
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60', '-SwitchDcsIp', '-StopWhenCaughtUp'
        $r.Text | Should -Match 'IP switch failed.*DCS\.4119 for dcs-ok'
        $r.ExitCode | Should -Be 4
        (Get-StopCount) - $before | Should -Be 0
    }

    It 'exits 4 through NotReady when the re-check before the IP switch finds the task no longer ready, and switches nothing' {
        # The watch reads the task's details twice: at its first poll and in the readiness check that ends it. The third
        # read is Switch-DcsMigrationIp -RequireReady's re-check, which finds the task back in a full sync.
        $body = @{ task_id = 'dcs-relapse'; task_name = 'orders-cache-f'; status = 'FULLMIGRATING'; migration_type = 'online_migration'; migration_method = 'incremental_migration' } | ConvertTo-Json -Compress
        Add-SimFault @{ route = 'dcs.task'; id = 'dcs-relapse'; kind = 'malformed'; body = $body; skip = 2; times = 1 }
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-relapse', '-TimeoutSeconds', '60', '-SwitchDcsIp'
        $r.Text | Should -Match 'safe to cut over' -Because 'the watch found the task ready'
        $r.Text | Should -Match 'NotReady for dcs-relapse: .*FULLMIGRATING'
        $r.ExitCode | Should -Be 4
        Get-SimRequestCount 'migration-task/dcs-relapse/exchange-ip' | Should -Be 0
    }

    It 'exits 130, never 0, when SIGINT interrupts it' -Skip:$IsWindows {
        $before = Get-SimRequestCount 'migration-task/dcs-stalled'
        $process = Start-ChildPwsh -File $Script -Environment (Get-RunbookEnvironment) -Arguments '-Region', $Sim.Region, '-Endpoint', $Sim.Endpoint,
            '-IntervalSeconds', '1', '-DcsTaskId', 'dcs-stalled', '-TimeoutSeconds', '120'
        $out = $process.Output; $err = $process.Errors
        # Interrupt it once the watch is polling.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-SimRequestCount 'migration-task/dcs-stalled') -le $before -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        Start-Sleep -Milliseconds 500
        & kill -INT $process.Id
        if (-not $process.WaitForExit(30000)) { $process.Kill($true); throw 'SIGINT did not end the script within 30 s.' }
        $process.WaitForExit()
        $text = $out.Result + $err.Result
        $text | Should -Not -Match 'safe to cut over'
        $text | Should -Match 'interrupted'
        $process.ExitCode | Should -Be 130
    }

    It 'refuses -StopWhenCaughtUp without -SwitchOver: exit 1, nothing stopped' {
        $before = Get-StopCount
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60', '-StopWhenCaughtUp'
        $r.Text | Should -Match 'needs -SwitchOver'
        $r.Text | Should -Not -Match 'safe to cut over'
        $r.ExitCode | Should -Be 1
        (Get-StopCount) - $before | Should -Be 0
    }

    It 'exits 4 when the switch-over step throws, and stops nothing' {
        $before = Get-StopCount
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60', '-SwitchOver', "throw 'DNS update refused'", '-StopWhenCaughtUp'
        $r.Text | Should -Match 'safe to cut over'
        $r.Text | Should -Match 'switch-over step failed.*DNS update refused'
        $r.ExitCode | Should -Be 4
        (Get-StopCount) - $before | Should -Be 0
    }

    It 'exits 4 when the switch-over script exits non-zero, and stops nothing' {
        $switch = Join-Path $TestDrive 'Switch-Failing.ps1'
        "Write-Output 'cannot reach the load balancer'; exit 7" | Set-Content -Path $switch
        $before = Get-StopCount
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60', '-SwitchOver', "& '$switch'", '-StopWhenCaughtUp'
        $r.Text | Should -Match 'exit code 7'
        $r.ExitCode | Should -Be 4
        (Get-StopCount) - $before | Should -Be 0
    }

    It 'on a timeout runs no switch-over and stops nothing' {
        $marker = Join-Path $TestDrive 'timeout-switched.txt'
        $before = Get-StopCount
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-stalled,dcs-ok', '-TimeoutSeconds', '4', '-SwitchOver', "Set-Content -Path '$marker' -Value switched", '-StopWhenCaughtUp'
        $r.ExitCode | Should -Be 2
        Test-Path $marker | Should -BeFalse
        (Get-StopCount) - $before | Should -Be 0
    }

    It 'exits 5 when a DCS task does not stop after the switch-over' {
        $marker = Join-Path $TestDrive 'switched-5.txt'
        Add-SimFault @{ route = 'dcs.stop'; kind = 'serviceError'; statusCode = 400; errorCode = 'DCS.4127'; errorMsg = 'The task cannot be stopped.'; times = 0 }
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60', '-SwitchOver', "Set-Content -Path '$marker' -Value switched", '-StopWhenCaughtUp'
        Test-Path $marker | Should -BeTrue
        $r.Text | Should -Match 'did not stop.*DCS\.4127 for dcs-ok'
        $r.ExitCode | Should -Be 5
    }

    It 'called in-process with a script block: switches over, stops nothing without -StopWhenCaughtUp, and exits 0' {
        $marker = Join-Path $TestDrive 'switched-block.txt'
        $environment = Get-RunbookEnvironment
        $command = "& '$Script' -Region $($Sim.Region) -Endpoint $($Sim.Endpoint) -IntervalSeconds 1 -StableForSeconds 1 -DcsTaskId dcs-ok -TimeoutSeconds 60 " +
            "-SwitchOver { Set-Content -Path '$marker' -Value switched }; exit `$LASTEXITCODE"
        $before = Get-StopCount
        $r = Invoke-ChildPwsh -Command $command -Environment $environment
        $r.Output | Should -Match 'Switched over'
        $r.ExitCode | Should -Be 0
        Get-Content $marker | Should -Be 'switched'
        (Get-StopCount) - $before | Should -Be 0
    }

    It 'removes the secret key and the security token from the environment before the switch-over step' {
        $marker = Join-Path $TestDrive 'environment.txt'
        $step = "'SK=' + `$env:HUAWEICLOUD_SDK_SK + ';TOKEN=' + `$env:HUAWEICLOUD_SDK_SECURITY_TOKEN + ';AK=' + [bool]`$env:HUAWEICLOUD_SDK_AK | Set-Content -Path '$marker'"
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60', '-SwitchOver', $step
        $r.ExitCode | Should -Be 0
        Get-Content $marker | Should -Be 'SK=;TOKEN=;AK=True'
    }

    It 'exits 3 for an oversized answer: the endpoint misbehaves' {
        Add-SimFault @{ route = 'dcs.stats'; kind = 'hugeContentLength'; times = 0 }
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'ResponseTooLarge'
        $r.ExitCode | Should -Be 3
    }

    It 'exits 7 when -MaxDurationSeconds runs out first, and a second run resumes from the state file' {
        $state = Join-Path $TestDrive 'suspended.json'
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-stalled', '-TimeoutSeconds', '600', '-StatePath', $state, '-MaxDurationSeconds', '2'
        $r.Text | Should -Match 'WatchSuspended|suspended'
        $r.ExitCode | Should -Be 7
        (Get-Content -Raw $state | ConvertFrom-Json).format | Should -Be 'HuaweiMigration.WatchState'
        $again = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-stalled', '-TimeoutSeconds', '600', '-StatePath', $state, '-MaxDurationSeconds', '2'
        $again.ExitCode | Should -Be 7
    }

    It 'writes the -ReportPath report on success and on failure, with the exit code in its title' {
        $ok = Join-Path $TestDrive 'ok.html'
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-DrsJobId', 'drs-ok', '-TimeoutSeconds', '60', '-ReportPath', $ok
        $r.ExitCode | Should -Be 0
        $r.Text | Should -Match ([regex]::Escape("Report: $ok"))
        $html = Get-Content -Raw $ok
        $html | Should -Match '<title>Wait-Cutover: exit 0, safe to cut over</title>'
        ([regex]::Matches($html, 'data-outcome="Ready"')).Count | Should -Be 2

        $failed = Join-Path $TestDrive 'failed.md'
        $r = Invoke-Cutover -Arguments '-DrsJobId', 'drs-failed', '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60', '-ReportPath', $failed
        $r.ExitCode | Should -Be 1
        $md = Get-Content -Raw $failed
        $md | Should -Match '^# Wait-Cutover: exit 1'
        $md | Should -Match '\| Drs \| drs-failed \| Failed \| FULL\\_TRANSFER\\_FAILED \|'

        $timeout = Join-Path $TestDrive 'timeout.html'
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-stalled', '-TimeoutSeconds', '3', '-ReportPath', $timeout
        $r.ExitCode | Should -Be 2
        $html = Get-Content -Raw $timeout
        $html | Should -Match 'catalog-cache'
        $html | Should -Match 'data-outcome="Blocked"><td>Dcs</td><td><a href="#m1">catalog-cache</a>.*<td>WatchTimeout</td></tr>'
    }

    It 'exits 3 when the service rejects the key during the watch' {
        Add-SimFault @{ route = 'dcs.stats'; kind = 'serviceError'; statusCode = 401; errorCode = 'APIG.0301'; errorMsg = 'Incorrect IAM authentication information.'; times = 0 }
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-ok', '-DrsJobId', 'drs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'APIG\.0301'
        $r.ExitCode | Should -Be 3
    }

    It 'exits 3 without credentials' {
        $r = Invoke-Cutover -NoCredentials -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'NoCredentials'
        $r.ExitCode | Should -Be 3
    }
}
