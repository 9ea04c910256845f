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
            @{ taskId = 'dcs-stopped'; taskName = 'sessions-cache'; behavior = @{ kind = 'terminated' } }
            @{ taskId = 'dcs-stalled'; taskName = 'catalog-cache'; behavior = @{ kind = 'stall'; fullSyncSeconds = 100; stallAtPercent = 20 } }
        )
        drsJobs     = @(
            @{ jobId = 'drs-ok'; taskMode = 'FULL_INCR_TRANS'
               behavior = @{ kind = 'complete'; fullSyncSeconds = 20; initialDelaySeconds = 10; delayHalfLifeSeconds = 3; finalDelaySeconds = 0 } }
            @{ jobId = 'drs-failed'; taskMode = 'FULL_TRANS'; behavior = @{ kind = 'fail'; fullSyncSeconds = 20; failAtPercent = 30 } }
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
        $environment = @{
            PSModulePath               = (Join-Path $Root 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
            HUAWEICLOUD_SDK_AK         = if ($NoCredentials) { '' } else { $Sim.AccessKey }
            HUAWEICLOUD_SDK_SK         = if ($NoCredentials) { '' } else { $Sim.SecretKey }
            HUAWEICLOUD_SDK_PROJECT_ID = $Sim.ProjectId
        }
        foreach ($k in $ExtraEnvironment.Keys) { $environment[$k] = $ExtraEnvironment[$k] }
        $r = Invoke-ChildPwsh -File $Script -Environment $environment -Arguments (@('-Region', $Sim.Region, '-Endpoint', $Sim.Endpoint, '-IntervalSeconds', '1') + $Arguments)
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

    It 'exits 1 for an empty id' {
        $r = Invoke-Cutover -Arguments '-DrsJobId', 'drs-ok', '-DcsTaskId', '', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'DCS task id is empty'
        $r.ExitCode | Should -Be 1
    }

    It 'exits 1 for a stopped task' {
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-stopped', '-DrsJobId', 'drs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'stopped with status TERMINATED'
        $r.ExitCode | Should -Be 1
    }

    It 'exits 1 for a failed job' {
        $r = Invoke-Cutover -Arguments '-DrsJobId', 'drs-failed', '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'failed with status FULL_TRANSFER_FAILED'
        $r.ExitCode | Should -Be 1
    }

    It 'exits 1 for a stalled migration' {
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-stalled', '-StallTimeoutSeconds', '3', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'no progress'
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

    It 'with -SwitchOver and -StopWhenCaughtUp: switches over, then stops every DCS task, and exits 0' {
        $marker = Join-Path $TestDrive 'switched.txt'
        $switch = Join-Path $TestDrive 'Switch-Application.ps1'
        # The switch-over step sees the tasks still replicating: nothing is stopped before it ran.
        "Import-Module HuaweiMigration; Connect-HuaweiCloud -Region $($Sim.Region) -Endpoint $($Sim.Endpoint)`n" +
            "(Get-DcsMigrationTask -TaskId dcs-cut1, dcs-cut2).Status -join ',' | Set-Content -Path '$marker'" | Set-Content -Path $switch
        $before = Get-StopCount
        $r = Invoke-Cutover -Arguments '-DcsTaskId', 'dcs-cut1,dcs-cut2', '-DrsJobId', 'drs-ok', '-TimeoutSeconds', '60', '-SwitchOver', "& '$switch'", '-StopWhenCaughtUp', '-StopTimeoutSeconds', '60'
        $r.Text | Should -Match 'Switched over'
        $r.Text | Should -Match 'Stopped 2 DCS task'
        $r.Text | Should -Match 'DRS jobs are not stopped'
        $r.ExitCode | Should -Be 0
        Get-Content $marker | Should -Not -Match 'TERMINAT'
        Get-SimRequestCount 'migration-task/dcs-cut1/stop' | Should -Be 1
        Get-SimRequestCount 'migration-task/dcs-cut2/stop' | Should -Be 1
        (Get-StopCount) - $before | Should -Be 2
        Connect-Simulator
        (Get-DcsMigrationTask -TaskId dcs-cut1, dcs-cut2).Status | Should -Be 'TERMINATED', 'TERMINATED'
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
        $environment = @{
            PSModulePath               = (Join-Path $Root 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
            HUAWEICLOUD_SDK_AK         = $Sim.AccessKey
            HUAWEICLOUD_SDK_SK         = $Sim.SecretKey
            HUAWEICLOUD_SDK_PROJECT_ID = $Sim.ProjectId
        }
        $command = "& '$Script' -Region $($Sim.Region) -Endpoint $($Sim.Endpoint) -IntervalSeconds 1 -DcsTaskId dcs-ok -TimeoutSeconds 60 " +
            "-SwitchOver { Set-Content -Path '$marker' -Value switched }; exit `$LASTEXITCODE"
        $before = Get-StopCount
        $r = Invoke-ChildPwsh -Command $command -Environment $environment
        $r.Output | Should -Match 'Switched over'
        $r.ExitCode | Should -Be 0
        Get-Content $marker | Should -Be 'switched'
        (Get-StopCount) - $before | Should -Be 0
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

    It 'exits 3 without credentials' {
        $r = Invoke-Cutover -NoCredentials -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'NoCredentials'
        $r.ExitCode | Should -Be 3
    }
}
