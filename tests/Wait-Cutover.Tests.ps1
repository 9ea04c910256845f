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

    It 'exits 3 without credentials' {
        $r = Invoke-Cutover -NoCredentials -Arguments '-DcsTaskId', 'dcs-ok', '-TimeoutSeconds', '60'
        $r.Text | Should -Match 'NoCredentials'
        $r.ExitCode | Should -Be 3
    }
}
