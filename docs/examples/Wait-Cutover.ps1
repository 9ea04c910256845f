<#
.SYNOPSIS
    The go/no-go gate of a cut-over: waits until every given DCS task and DRS job is ready to cut over.

.DESCRIPTION
    Copy this script into a runbook or a CI job. It connects to Huawei Cloud from the environment (HUAWEICLOUD_SDK_AK,
    HUAWEICLOUD_SDK_SK, optionally HUAWEICLOUD_SDK_SECURITY_TOKEN and HUAWEICLOUD_SDK_PROJECT_ID) or from a profile
    (-ProfileName), then passes the ids straight to Watch-Migration -Until Ready. No Get-* cmdlet runs in front
    of it, so a mistyped or unreadable id can never drop out of the watch: every id either meets the condition or
    ends the script with an error.

    Ready is what Test-MigrationReadiness calls ready, held for -StableForSeconds: a DRS job in incremental migration
    with its delay within -MaxDelaySeconds, a finished consistent object-level and row comparison (started with
    -StartComparison, or by you with Start-DrsComparison) and both database connections up; a DCS task in incremental
    migration with its full sync at 100 % and its key counts within 0.1 %. -CaughtUpOnly switches back to the older,
    weaker gate: the delay (DRS) or the keys left (DCS) alone, with no comparison and no health check.

    It runs unattended: $ErrorActionPreference = 'Stop', no prompt, and a stall or -TimeoutSeconds ends it.

    Once connected, it removes HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_SECURITY_TOKEN from its process environment:
    the session holds the key, and the -SwitchOver step (and every process it starts) must not inherit it. The
    switch-over step runs in the script's session, so it can call the module's cmdlets without connecting again.

    It can also finish the cut-over, from watch to stopped. Once every migration caught up, -SwitchDcsIp switches the
    IP addresses of the DCS tasks (Switch-DcsMigrationIp -Force -Wait: clients reach the target Redis without a
    change; unless -CaughtUpOnly, with -RequireReady, so each task's readiness is read again just before its switch,
    and one no longer ready fails the step with exit code 4), then your own switch-over step runs (-SwitchOver). With -StopWhenCaughtUp, the script then stops the DCS
    tasks (Stop-DcsMigrationTask -Force -Wait) and the DRS jobs (Stop-DrsJob -Force -Wait), and only if the switch-over
    succeeded: stopping the replication before the application moved would lose the writes that still reach the source.

    Re-running it after a partial end finishes the work: with -StopWhenCaughtUp, a task that already reads TERMINATING
    or TERMINATED and a job already in RELEASE_RESOURCE_* count as done (the script lists them) and are not watched;
    IP addresses already switched are not switched again. The switch-over step runs again, so make it safe to repeat.

    Exit codes:
      0  every migration is ready (with -CaughtUpOnly: caught up): safe to cut over (with -SwitchDcsIp or
         -SwitchOver: switched over; with -StopWhenCaughtUp: and every DCS task reads TERMINATED and every DRS job
         RELEASE_RESOURCE_COMPLETE)
      1  a migration failed, was stopped or stalled, or an id is unknown or unreadable; or -StopWhenCaughtUp
         without a switch-over step (nothing was watched or stopped)
      2  -TimeoutSeconds ran out before every migration caught up (no switch-over ran, nothing was stopped)
      3  the module did not load, or a connection or credential problem (no credentials, a bad key, an
         unreachable or persistently failing endpoint, or one that misbehaves: a redirect, a proxy's page, an
         oversized answer)
      4  the switch-over step failed (the DCS IP switch, or -SwitchOver threw or left a non-zero $LASTEXITCODE);
         the replication is left running
      5  switched over, but a DCS task or a DRS job did not stop (a stop error, or not stopped within
         -StopTimeoutSeconds): the application already runs on the target, so run the script again or stop it by
         hand; do not switch back
      6  not ready: a DRS comparison found the source and target inconsistent (MigrationInconsistent); nothing was
         switched over or stopped. Get-DrsComparison -JobId <id> -Detail shows the differing tables
      7  -MaxDurationSeconds ran out first: the watch is suspended, not failed. Run the same command again; with
         -StatePath it resumes where it stopped (stall clocks, ended migrations and all)
      130  interrupted by Ctrl+C or SIGINT: nothing is known to be safe; run the script again

    For watches longer than the place the script runs allows (Azure Automation's 3 hours, a CI job's 6), give
    -StatePath and -MaxDurationSeconds below that limit, and re-run the script while it exits 7.

    -ReportPath writes a report of the watch (Export-MigrationReport) with every exit code once the watch has started,
    failures included: the charts of each migration, the error that ended it, and the exit code in its title.

.EXAMPLE
    pwsh -NonInteractive -File ./Wait-Cutover.ps1 -Region cn-north-4 -DcsTaskId $taskId -DrsJobId $jobId
    if ($LASTEXITCODE -eq 0) { ./Switch-Application.ps1 }

    The go/no-go gate alone: the runbook runs its switch-over step itself after exit code 0.

.EXAMPLE
    pwsh -NonInteractive -File ./Wait-Cutover.ps1 -Region cn-north-4 -DrsJobId $jobId -ReportPath ./cutover.html

    The gate, and a report for the change board whatever the outcome: ./cutover.html, or Markdown for a .md path
    (append it to $env:GITHUB_STEP_SUMMARY in a GitHub job).

.EXAMPLE
    pwsh -NonInteractive -File ./Wait-Cutover.ps1 -Region cn-north-4 -DcsTaskId $taskId -SwitchOver './Switch-Application.ps1' -StopWhenCaughtUp

    The whole cut-over: wait, run ./Switch-Application.ps1 (relative to the current directory), then stop the DCS
    task. -SwitchOver is PowerShell text, so it can be a script's path (a path with spaces: "& 'C:\Run books\Switch.ps1'")
    or a command line such as 'Set-AppSetting -Redis target.example:6379'. Called in-process
    (& ./Wait-Cutover.ps1 ...), it also takes a script block: -SwitchOver { Set-AppSetting -Redis target.example:6379 }.
.EXAMPLE
    pwsh -NonInteractive -File ./Wait-Cutover.ps1 -Region cn-north-4 -DcsTaskId $taskId -DrsJobId $jobId -SwitchDcsIp -SwitchOver './Switch-Database.ps1' -StopWhenCaughtUp

    A Redis and database cut-over: wait, switch the Redis IP addresses, run your database switch-over, then stop the
    DCS task and the DRS job. Run the same line again after an interruption (exit 5 or 130) to finish.

.EXAMPLE
    do {
        pwsh -NonInteractive -File ./Wait-Cutover.ps1 -Region cn-north-4 -DrsJobId $jobId -StatePath ./cutover.json -MaxDurationSeconds 9000
    } while ($LASTEXITCODE -eq 7)

    A watch of days in 2.5-hour runs: each run resumes from ./cutover.json and exits 7 when its budget runs out.
#>
[CmdletBinding()]
param(
    # DCS (Redis) migration task ids.
    [string[]] $DcsTaskId = @(),
    # DRS (database) job ids.
    [string[]] $DrsJobId = @(),
    # The region, e.g. cn-north-4. Defaults to HUAWEICLOUD_SDK_REGION.
    [string] $Region = $env:HUAWEICLOUD_SDK_REGION,
    # A profile in ~/.huaweicloud/credentials or ~/.hcloud/config.json; without it the environment is used.
    [string] $ProfileName,
    # One base URL for every service (a private gateway, or the simulator).
    [string] $Endpoint,
    # The largest incremental lag, in seconds, that still counts as caught up.
    [int] $MaxDelaySeconds = 5,
    # Wait only until caught up (Watch-Migration -Until CaughtUp), without the comparisons and health of Ready.
    [switch] $CaughtUpOnly,
    # Seconds the migrations must stay caught up before they are judged ready.
    [int] $StableForSeconds = 60,
    # Start the object-level and row comparisons of each DRS job once it caught up (they load both databases).
    [switch] $StartComparison,
    # Seconds between polls.
    [int] $IntervalSeconds = 30,
    # Seconds to wait in all.
    [int] $TimeoutSeconds = 4 * 3600,
    # Seconds without any progress after which a migration counts as stalled (and ends the script with exit code 1).
    [int] $StallTimeoutSeconds = 1800,
    # Your switch-over step, run once every migration caught up: PowerShell text (a script's path or a command line,
    # made into a script block) or a script block. It fails by throwing or by leaving a non-zero $LASTEXITCODE.
    [object] $SwitchOver,
    # Switch the IP addresses of the DCS tasks (Switch-DcsMigrationIp) once everything caught up, before -SwitchOver.
    [switch] $SwitchDcsIp,
    # With -SwitchDcsIp: seconds to wait for every switch to read EXCHANGE_SUCCESS.
    [int] $SwitchTimeoutSeconds = 1800,
    # After a successful switch-over, stop the DCS tasks and the DRS jobs and wait until they have stopped. Needs
    # -SwitchOver, or -SwitchDcsIp when only DCS tasks are given.
    [switch] $StopWhenCaughtUp,
    # With -StopWhenCaughtUp: seconds to wait for the tasks to read TERMINATED and the jobs RELEASE_RESOURCE_COMPLETE.
    [int] $StopTimeoutSeconds = 600,
    # A file that keeps the watch's state after every poll; running the script again with it resumes the watch.
    [string] $StatePath,
    # Seconds this run may watch before it suspends (exit code 7); 0 for no limit. Use it with -StatePath.
    [Alias('MaxDuration')]
    [int] $MaxDurationSeconds = 0,
    # Writes a report of the watch here (HTML, or Markdown for a .md path) whatever the exit code, replacing an older one.
    [string] $ReportPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$samples = $null; $watchError = $null

function Write-CutoverReport([int] $Code, [string] $Reason) {
    # -ReportPath: every sample of the watch and the error that ended it, whatever the outcome. A report that cannot be
    # written is a warning: it never changes the exit code.
    if (-not $ReportPath) { return }
    $watched = @(@($samples) + @($watchError) | Where-Object { $null -ne $_ })
    if ($watched.Count -eq 0) { Write-Warning 'Wait-Cutover: no report: nothing was watched.'; return }
    try {
        $watched | Export-MigrationReport -Path $ReportPath -Force -MaxDelay $MaxDelaySeconds `
            -Title "Wait-Cutover: exit $Code, $Reason" -ErrorAction Stop
        Write-Output "Report: $ReportPath"
    }
    catch { Write-Warning "Wait-Cutover: the report was not written: $($_.Exception.Message)" }
}

function Stop-Cutover([int] $Code, [string] $Reason) {
    Write-CutoverReport $Code $Reason
    # A warning, not an error, so 'Stop' does not end the script before the exit code below is set.
    Write-Warning "Wait-Cutover: $Reason"
    Exit-Cutover $Code
}

# Every way out of the script sets $exiting first: the finally at the end tells an exit from an interrupt by it.
$script:exiting = $false
# Run by pwsh -File (a runbook), an interrupt ends the process with 130; called in-process, it must not end the caller's.
$script:ranAsFile = @([Environment]::GetCommandLineArgs() | ForEach-Object { try { [IO.Path]::GetFullPath($_) } catch { $_ } }) -contains $PSCommandPath
function Exit-Cutover([int] $Code) {
    $script:exiting = $true
    exit $Code
}

# pwsh -File passes "-DcsTaskId a,b" as one string: split it, so both ways of giving several ids work.
$DcsTaskId = @($DcsTaskId | ForEach-Object { $_ -split ',' })
$DrsJobId = @($DrsJobId | ForEach-Object { $_ -split ',' })
try {
if ($DcsTaskId.Count -eq 0 -and $DrsJobId.Count -eq 0) { Stop-Cutover 1 'Give -DcsTaskId or -DrsJobId.' }
# Checked before anything runs: stopping the replication while the application still writes to the source loses writes.
if ($StopWhenCaughtUp -and -not $SwitchOver -and -not ($SwitchDcsIp -and $DrsJobId.Count -eq 0)) {
    Stop-Cutover 1 '-StopWhenCaughtUp needs -SwitchOver (or -SwitchDcsIp when only DCS tasks are given): the replication is stopped only after the switch-over succeeded.'
}
if ($SwitchOver -is [string]) {
    try { $SwitchOver = [scriptblock]::Create($SwitchOver) }
    catch { Stop-Cutover 1 "-SwitchOver is not valid PowerShell: $($_.Exception.Message)" }
}
elseif ($SwitchOver -and $SwitchOver -isnot [scriptblock]) { Stop-Cutover 1 '-SwitchOver takes PowerShell text or a script block.' }

try {
    Import-Module HuaweiMigration
    $connect = @{ Region = $Region }
    if ($ProfileName) { $connect.ProfileName = $ProfileName }
    if ($Endpoint) { $connect.Endpoint = $Endpoint }
    Connect-HuaweiCloud @connect
}
catch {
    Stop-Cutover 3 "cannot connect to $Region ($($_.FullyQualifiedErrorId)): $($_.Exception.Message)"
}
# The session holds the key now: the -SwitchOver step, and every process it starts, must not inherit it.
Remove-Item Env:HUAWEICLOUD_SDK_SK, Env:HUAWEICLOUD_SDK_SECURITY_TOKEN -ErrorAction Ignore

# A re-run after a partial end: what already stopped counts as done and is not watched again.
$alreadyStopped = @()
if ($StopWhenCaughtUp) {
    if ($DcsTaskId.Count -gt 0) {
        $alreadyStopped += @(Get-DcsMigrationTask -TaskId $DcsTaskId -ErrorAction SilentlyContinue |
            Where-Object { $_.Status -in 'TERMINATING', 'TERMINATED' } | ForEach-Object TaskId)
    }
    if ($DrsJobId.Count -gt 0) {
        $alreadyStopped += @(Get-DrsJobProgress -JobId $DrsJobId -ErrorAction SilentlyContinue |
            Where-Object { $_.TransferStatus -like 'RELEASE_RESOURCE_*' } | ForEach-Object JobId)
    }
    if ($alreadyStopped.Count -gt 0) { Write-Output "Already stopping or stopped, taken as done: $($alreadyStopped -join ', ')." }
}
$watchDcs = @($DcsTaskId | Where-Object { $_ -notin $alreadyStopped })
$watchDrs = @($DrsJobId | Where-Object { $_ -notin $alreadyStopped })

$watch = @{
    Until        = if ($CaughtUpOnly) { 'CaughtUp' } else { 'Ready' }
    MaxDelay     = $MaxDelaySeconds
    Interval     = $IntervalSeconds
    Timeout      = $TimeoutSeconds
    StallTimeout = $StallTimeoutSeconds
    StallAction  = 'Error'
}
if (-not $CaughtUpOnly) {
    $watch.StableFor = $StableForSeconds
    if ($StartComparison) { $watch.StartComparison = $true }
}
# By count, not truth: @('') is false in PowerShell, and an empty id must reach Watch-Migration (InvalidId), not vanish.
if ($watchDcs.Count -gt 0) { $watch.DcsTaskId = $watchDcs }
if ($watchDrs.Count -gt 0) { $watch.DrsJobId = $watchDrs }
if ($StatePath) { $watch.StatePath = $StatePath }
if ($MaxDurationSeconds -gt 0) { $watch.MaxDuration = $MaxDurationSeconds }

try {
    # Watch-Migration writes no error only when every id met the condition; under 'Stop' the first error lands in catch.
    # With -ReportPath every sample goes out too (-Stream); -OutVariable keeps them when an error ends the watch.
    $ready = if ($watchDcs.Count + $watchDrs.Count -gt 0) { Watch-Migration @watch -Stream:([bool]$ReportPath) -OutVariable samples } else { @() }
    if ($ReportPath) { $ready = @($samples | Group-Object -Property Service, Id | ForEach-Object { $_.Group[-1] }) }
}
catch {
    $watchError = $_
    $errorId = $_.FullyQualifiedErrorId.Split(',')[0]
    if ($errorId -eq 'WatchTimeout') {
        # The TargetObject holds the last status of each migration that was not done.
        $_.TargetObject | Format-Table -AutoSize | Out-String -Width 160 | Write-Output
        # Under Ready, each one's last verdict says what kept it from being ready.
        foreach ($s in @($_.TargetObject)) {
            if ($s.Readiness) { Write-Output "$($s.Service) $($s.Id): $(@($s.Readiness.Blockers | ForEach-Object { $_.Message }) -join ' ')" }
        }
        Stop-Cutover 2 $_.Exception.Message
    }
    # A redirect, a proxy's page or an oversized answer: the endpoint misbehaves, the migration is not at fault.
    if ($errorId -in 'UnexpectedRedirect', 'ResponseTooLarge', 'InvalidResponse') {
        Stop-Cutover 3 "$errorId for $($_.TargetObject): $($_.Exception.Message)"
    }
    if ($errorId -eq 'MigrationInconsistent') {
        # The TargetObject is the readiness verdict; its blockers name the databases or object types that differ.
        $_.TargetObject.Blockers | Format-List Code, Message, Evidence | Out-String -Width 160 | Write-Output
        Stop-Cutover 6 $_.Exception.Message
    }
    if ($errorId -eq 'WatchSuspended') {
        # Not a failure: the budget of this run ran out. The TargetObject holds the statuses of those still short.
        $_.TargetObject | Format-Table -AutoSize | Out-String -Width 160 | Write-Output
        Stop-Cutover 7 $_.Exception.Message
    }
    if ($errorId -in 'MigrationFailed', 'MigrationStopped', 'MigrationStalled', 'UnknownMigrationStatus', 'InvalidId') {
        Stop-Cutover 1 $_.Exception.Message
    }
    $connection = 'AuthenticationError', 'PermissionDenied', 'ConnectionError', 'ResourceUnavailable', 'OperationTimeout', 'LimitsExceeded'
    if ($errorId -eq 'NotConnected' -or $_.CategoryInfo.Category.ToString() -in $connection) {
        Stop-Cutover 3 "$errorId for $($_.TargetObject): $($_.Exception.Message)"
    }
    # A service code such as DCS.4133 or DRS.M05003: the id is unknown.
    Stop-Cutover 1 "$errorId for $($_.TargetObject): $($_.Exception.Message)"
}

$ready | Format-Table -AutoSize | Out-String -Width 160 | Write-Output
Write-Output "All $(@($ready).Count + $alreadyStopped.Count) migration(s) $(if ($CaughtUpOnly) { 'caught up' } else { 'ready' }): safe to cut over."
if (-not $SwitchOver -and -not $SwitchDcsIp) { Write-CutoverReport 0 'safe to cut over'; Exit-Cutover 0 }

# ---- The switch-over runs here: only after every migration caught up, and before anything is stopped. ----
if ($SwitchDcsIp -and $watchDcs.Count -gt 0) {
    # An IP switch already done is a warning of Switch-DcsMigrationIp, not an error, so a re-run goes on.
    $switchErrors = $null
    # Unless -CaughtUpOnly, the readiness the watch waited for is read again just before the switch (NotReady: exit 4).
    $switch = @{ TaskId = $watchDcs; Force = $true; Wait = $true; Timeout = $SwitchTimeoutSeconds; RequireReady = -not $CaughtUpOnly }
    try { $null = Switch-DcsMigrationIp @switch -ErrorAction SilentlyContinue -ErrorVariable switchErrors }
    catch { $switchErrors = @($_) }
    if (@($switchErrors).Count -gt 0) {
        $reasons = @($switchErrors | ForEach-Object { "$($_.FullyQualifiedErrorId.Split(',')[0]) for $($_.TargetObject): $($_.Exception.Message)" })
        Stop-Cutover 4 "the DCS IP switch failed, replication left running: $($reasons -join '; ')"
    }
    Write-Output "Switched the IP addresses of $($watchDcs.Count) DCS task(s)."
}
if ($SwitchOver) {
    try {
        $global:LASTEXITCODE = 0
        & $SwitchOver | Out-String -Width 160 | Write-Output
        if ($LASTEXITCODE -ne 0) { throw "it left exit code $LASTEXITCODE" }
    }
    catch {
        Stop-Cutover 4 "the switch-over step failed, replication left running: $($_.Exception.Message)"
    }
}
Write-Output 'Switched over.'
if (-not $StopWhenCaughtUp) { Write-CutoverReport 0 'switched over'; Exit-Cutover 0 }

# Every task and job gets its stop request (errors collected, not thrown at the first), then one exit code for them all.
# The stops are idempotent: what already stopped is a warning, and what is still stopping is waited for.
$stopErrors = @()
$stopped = @()
if ($DcsTaskId.Count -gt 0) {
    $dcsErrors = $null
    $stop = @{ TaskId = $DcsTaskId; Force = $true; Wait = $true; Timeout = $StopTimeoutSeconds; PassThru = $true }
    try { $stopped += @(Stop-DcsMigrationTask @stop -ErrorAction SilentlyContinue -ErrorVariable dcsErrors) }
    catch { $dcsErrors = @($_) }
    $stopErrors += @($dcsErrors)
}
if ($DrsJobId.Count -gt 0) {
    $drsErrors = $null
    $stop = @{ JobId = $DrsJobId; Force = $true; Wait = $true; Timeout = $StopTimeoutSeconds; PassThru = $true }
    try { $stopped += @(Stop-DrsJob @stop -ErrorAction SilentlyContinue -ErrorVariable drsErrors) }
    catch { $drsErrors = @($_) }
    $stopErrors += @($drsErrors)
}
# An item with an error is named once, by its error (a StopTimeout already says what it reads).
$failedIds = @($stopErrors | Where-Object { $_ } | ForEach-Object { "$($_.TargetObject)" })
$notStopped = @($stopped | Where-Object { "$(if ($_ -is [HuaweiMigration.DrsJobProgress]) { $_.JobId } else { $_.TaskId })" -notin $failedIds } | Where-Object {
    ($_ -is [HuaweiMigration.DcsMigrationTask] -and $_.Status -ne 'TERMINATED' -and $_.Status -notin 'SUCCESS', 'MIGRATION_FAILED', 'FAILED', 'RELEASED') -or
    ($_ -is [HuaweiMigration.DrsJobProgress] -and $_.TransferStatus -ne 'RELEASE_RESOURCE_COMPLETE') })
if ($stopErrors.Count -gt 0 -or $notStopped.Count -gt 0) {
    $reasons = @($stopErrors | Where-Object { $_ } | ForEach-Object { "$($_.FullyQualifiedErrorId.Split(',')[0]) for $($_.TargetObject): $($_.Exception.Message)" }) +
        @($notStopped | ForEach-Object { if ($_ -is [HuaweiMigration.DrsJobProgress]) { "$($_.JobId) reads $($_.TransferStatus)" } else { "$($_.TaskId) reads $($_.Status)" } })
    Stop-Cutover 5 "switched over, but a DCS task or a DRS job did not stop: $($reasons -join '; ')"
}
$stopped | Format-Table -AutoSize | Out-String -Width 160 | Write-Output
Write-Output "Stopped $($DcsTaskId.Count) DCS task(s) and $($DrsJobId.Count) DRS job(s)."
Write-CutoverReport 0 'switched over and stopped'
Exit-Cutover 0
}
catch {
    # A failure no step above expected: never exit 0 for it.
    Stop-Cutover 1 "unexpected error ($($_.FullyQualifiedErrorId)): $($_.Exception.Message)"
}
finally {
    # Ctrl+C (or SIGINT) stops the pipeline without any exit above: never let that look like exit code 0, "safe".
    if (-not $script:exiting) {
        [Console]::Error.WriteLine('WARNING: Wait-Cutover: interrupted; nothing is known to be safe. Run it again to finish.')
        $global:LASTEXITCODE = 130
        if ($script:ranAsFile) { [Environment]::Exit(130) }
    }
}
