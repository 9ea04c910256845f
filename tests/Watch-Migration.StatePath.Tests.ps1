#Requires -Version 7.0
# Pester 5. Watch-Migration -StatePath as an unattended runbook meets it: docs/examples/Wait-Cutover.ps1 run as
# pwsh -NonInteractive -File and killed with SIGKILL at random moments, then resumed; a live second watcher; exit 7.
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    # x10 simulated time: dcs-ok catches up within seconds, dcs-stalled sticks at 20 %, drs-lag stays far behind.
    $scenario = [ordered]@{
        region      = 'cn-north-4'
        projectId   = '0123456789abcdef0123456789abcdef'
        timeScale   = 10
        credentials = @(@{ accessKey = 'HPUASTATEPATHTEST001'; secretKey = 'state-path-test-secret-key-0123456' })
        dcsTasks    = @(
            @{ taskId = 'dcs-ok'; taskName = 'orders-cache'; migrationMethod = 'incremental_migration'; keys = 1000
               behavior = @{ kind = 'complete'; fullSyncSeconds = 10; initialLagKeys = 10; lagHalfLifeSeconds = 2; finalLagKeys = 0 } }
            @{ taskId = 'dcs-stalled'; taskName = 'catalog-cache'; behavior = @{ kind = 'stall'; fullSyncSeconds = 100; stallAtPercent = 20 } }
        )
        drsJobs     = @(
            @{ jobId = 'drs-lag'; taskMode = 'FULL_INCR_TRANS'
               behavior = @{ kind = 'incremental'; fullSyncSeconds = 5; initialDelaySeconds = 600; delayHalfLifeSeconds = 100000 } }
        )
    }
    $scenarioPath = Join-Path $TestDrive 'state.json'
    $scenario | ConvertTo-Json -Depth 8 | Set-Content -Path $scenarioPath
    $SimulatorArguments = '--scenario', $scenarioPath
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
    $script:Script = Join-Path $Root 'docs/examples/Wait-Cutover.ps1'
    $script:Ids = 'dcs-ok', 'dcs-stalled', 'drs-lag'

    # Starts Wait-Cutover.ps1 in a runbook-like child (pwsh -NoProfile -NonInteractive -File, no stdin) and returns the process.
    function Start-Cutover([string] $StatePath, [string[]] $Arguments) {
        Start-ChildPwsh -File $Script -Environment (Get-RunbookEnvironment) -Arguments (@('-Region', $Sim.Region, '-Endpoint', $Sim.Endpoint,
            '-IntervalSeconds', '1', '-CaughtUpOnly', '-DcsTaskId', 'dcs-ok,dcs-stalled', '-DrsJobId', 'drs-lag', '-StatePath', $StatePath) + $Arguments)
    }

    # The state file as the report reads it, or $null when no run has written it yet. Throws when it does not parse.
    function Read-State([string] $Path) {
        if (-not (Test-Path $Path)) { return $null }
        $state = Get-Content -Raw -Path $Path | ConvertFrom-Json
        if ($state.format -ne 'HuaweiMigration.WatchState' -or $state.version -ne 1) { throw "not a state document: $Path" }
        $state
    }
}

AfterAll { Stop-TestSimulator }

Describe 'Watch-Migration -StatePath' -Skip:$NoSimulator {
    It 'survives SIGKILL at random moments over 20 rounds: the file always parses, no item is lost or repeated, stall clocks go on' {
        $path = Join-Path $TestDrive 'killed.json'
        $random = [Random]::new(22)
        $stallClock = $null
        $written = 0
        for ($round = 1; $round -le 20; $round++) {
            $child = Start-Cutover $path '-MaxDurationSeconds', '60', '-StallTimeoutSeconds', '3600', '-TimeoutSeconds', '120'
            if ($round -eq 1) {
                # A loaded machine can take longer than any random delay to start pwsh: the first round waits for a first write.
                $deadline = [DateTime]::UtcNow.AddSeconds(90)
                while (-not (Test-Path $path) -and -not $child.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            }
            Start-Sleep -Milliseconds $random.Next(300, 3500)
            $child.Kill()   # SIGKILL on Linux and macOS, TerminateProcess on Windows: no finally block runs
            $child.WaitForExit()
            $state = Read-State $path
            if ($null -eq $state) { continue }
            $written++
            @($state.items.id | Sort-Object) | Should -Be @($Ids | Sort-Object) -Because "round $round"
            $stalled = $state.items | Where-Object id -eq 'dcs-stalled'
            if ($stalled.progressKey -like '*|20|*') {
                # Stuck at 20 %: the stall clock started once and never restarts, however often the watch was killed.
                if ($null -eq $stallClock) { $stallClock = $stalled.lastProgressAt }
                $stalled.lastProgressAt | Should -Be $stallClock -Because "round $round"
            }
        }
        $written | Should -BeGreaterThan 5
        $stallClock | Should -Not -BeNullOrEmpty

        # The killed watches left their lock files but no lock: this resume runs at once, and reports each migration once.
        $out = @(Watch-Migration -StatePath $path -Interval 1 -MaxDuration 2 -ErrorVariable problems -ErrorAction SilentlyContinue)
        @($out.Id | Sort-Object) | Should -Be @($Ids | Sort-Object)
        @($problems.FullyQualifiedErrorId) | Should -Be @('WatchSuspended,HuaweiMigration.Commands.WatchMigrationCommand')
        ($out | Where-Object Id -eq 'dcs-ok').ConditionMet | Should -BeTrue
        (Read-State $path).items.Count | Should -Be 3
    }

    It 'refuses a live second watcher at once with StateFileInUse, and a killed one blocks nothing' {
        $path = Join-Path $TestDrive 'shared.json'
        $child = Start-Cutover $path '-MaxDurationSeconds', '60', '-StallTimeoutSeconds', '3600', '-TimeoutSeconds', '120'
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path $path) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Test-Path $path | Should -BeTrue
            $watch = [Diagnostics.Stopwatch]::StartNew()
            { Watch-Migration -StatePath $path -Interval 1 -MaxDuration 2 -ErrorAction Stop } |
                Should -Throw -ErrorId 'StateFileInUse,HuaweiMigration.Commands.WatchMigrationCommand'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $child.HasExited | Should -BeFalse
        }
        finally {
            $child.Kill(); $child.WaitForExit()
        }
        $null = Watch-Migration -StatePath $path -Interval 1 -MaxDuration 1 -ErrorVariable problems -ErrorAction SilentlyContinue
        @($problems.FullyQualifiedErrorId) | Should -Be @('WatchSuspended,HuaweiMigration.Commands.WatchMigrationCommand')
    }

    It 'Wait-Cutover.ps1 exits 7 while suspended, and re-runs resume the stall clock until the stall ends the watch' {
        $path = Join-Path $TestDrive 'loop.json'
        $codes = @()
        for ($run = 0; $run -lt 30; $run++) {
            $child = Start-Cutover $path '-MaxDurationSeconds', '1', '-StallTimeoutSeconds', '8', '-TimeoutSeconds', '60'
            if (-not $child.WaitForExit(120000)) { $child.Kill(); throw 'the child did not end' }
            $codes += $child.ExitCode
            if ($child.ExitCode -ne 7) { break }
        }
        # Each run lasts about a second, far less than the 8 s stall timeout: only a resumed stall clock reaches it.
        $codes[0] | Should -Be 7
        $codes[-1] | Should -Be 1
        @($codes | Where-Object { $_ -notin 1, 7 }).Count | Should -Be 0
        ((Read-State $path).items | Where-Object id -eq 'dcs-stalled').ended.outcome | Should -Be 'MigrationStalled'
    }

    It 'gives StateFileUnreadable for a file it cannot read, and leaves it as it is' {
        $path = Join-Path $TestDrive 'torn.json'
        Set-Content -Path $path -Value '{"format":"HuaweiMigration.WatchState","version":1,"region":"cn-north-4","ite' -NoNewline
        { Watch-Migration -DcsTaskId dcs-ok -StatePath $path -Interval 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'StateFileUnreadable,HuaweiMigration.Commands.WatchMigrationCommand'
        Get-Content -Raw $path | Should -Be '{"format":"HuaweiMigration.WatchState","version":1,"region":"cn-north-4","ite'
    }
}
