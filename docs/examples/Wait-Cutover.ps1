<#
.SYNOPSIS
    The go/no-go gate of a cut-over: waits until every given DCS task and DRS job has caught up with its source.

.DESCRIPTION
    Copy this script into a runbook or a CI job. It connects to Huawei Cloud from the environment (HUAWEICLOUD_SDK_AK,
    HUAWEICLOUD_SDK_SK, optionally HUAWEICLOUD_SDK_SECURITY_TOKEN and HUAWEICLOUD_SDK_PROJECT_ID) or from a profile
    (-ProfileName), then passes the ids straight to Watch-Migration -Until CaughtUp. No Get-* cmdlet runs in front
    of it, so a mistyped or unreadable id can never drop out of the watch: every id either meets the condition or
    ends the script with an error.

    It runs unattended: $ErrorActionPreference = 'Stop', no prompt, and a stall or -TimeoutSeconds ends it.

    It can also finish the cut-over. Give your own switch-over step as -SwitchOver: it runs only once every migration
    caught up. With -StopWhenCaughtUp, the script then stops the DCS tasks (Stop-DcsMigrationTask -Force -Wait), and
    only if the switch-over step succeeded: stopping the replication before the application moved would lose the
    writes that still reach the source. DRS jobs are never stopped: the module has no cmdlet for that, so end them in
    the DRS console or with the DRS API after the script exits 0.

    Exit codes:
      0  every migration caught up: safe to cut over (with -SwitchOver: switched over; with -StopWhenCaughtUp: and
         every DCS task reads TERMINATED)
      1  a migration failed, was stopped or stalled, or an id is unknown or unreadable; or -StopWhenCaughtUp
         without -SwitchOver (nothing was watched or stopped)
      2  -TimeoutSeconds ran out before every migration caught up (no switch-over ran, nothing was stopped)
      3  the module did not load, or a connection or credential problem (no credentials, a bad key, an
         unreachable or persistently failing endpoint)
      4  the -SwitchOver step failed: it threw, or left a non-zero $LASTEXITCODE; the replication is left running
      5  switched over, but a DCS task did not stop (a stop error, or not TERMINATED within -StopTimeoutSeconds):
         the application already runs on the target, so stop the task by hand; do not switch back

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
    # Seconds between polls.
    [int] $IntervalSeconds = 30,
    # Seconds to wait in all.
    [int] $TimeoutSeconds = 4 * 3600,
    # Seconds without any progress after which a migration counts as stalled (and ends the script with exit code 1).
    [int] $StallTimeoutSeconds = 1800,
    # Your switch-over step, run once every migration caught up: PowerShell text (a script's path or a command line,
    # made into a script block) or a script block. It fails by throwing or by leaving a non-zero $LASTEXITCODE.
    [object] $SwitchOver,
    # After a successful -SwitchOver, stop the DCS tasks and wait until they read TERMINATED. Needs -SwitchOver.
    [switch] $StopWhenCaughtUp,
    # With -StopWhenCaughtUp: seconds to wait for the DCS tasks to read TERMINATED.
    [int] $StopTimeoutSeconds = 600,
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
    exit $Code
}

# pwsh -File passes "-DcsTaskId a,b" as one string: split it, so both ways of giving several ids work.
$DcsTaskId = @($DcsTaskId | ForEach-Object { $_ -split ',' })
$DrsJobId = @($DrsJobId | ForEach-Object { $_ -split ',' })
if ($DcsTaskId.Count -eq 0 -and $DrsJobId.Count -eq 0) { Stop-Cutover 1 'Give -DcsTaskId or -DrsJobId.' }
# Checked before anything runs: stopping the replication while the application still writes to the source loses writes.
if ($StopWhenCaughtUp -and -not $SwitchOver) {
    Stop-Cutover 1 '-StopWhenCaughtUp needs -SwitchOver: the DCS tasks are stopped only after your switch-over step succeeded.'
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

$watch = @{
    Until        = 'CaughtUp'
    MaxDelay     = $MaxDelaySeconds
    Interval     = $IntervalSeconds
    Timeout      = $TimeoutSeconds
    StallTimeout = $StallTimeoutSeconds
    StallAction  = 'Error'
}
# By count, not truth: @('') is false in PowerShell, and an empty id must reach Watch-Migration (InvalidId), not vanish.
if ($DcsTaskId.Count -gt 0) { $watch.DcsTaskId = $DcsTaskId }
if ($DrsJobId.Count -gt 0) { $watch.DrsJobId = $DrsJobId }

try {
    # Watch-Migration writes no error only when every id met the condition; under 'Stop' the first error lands in catch.
    # With -ReportPath every sample goes out too (-Stream); -OutVariable keeps them when an error ends the watch.
    $ready = Watch-Migration @watch -Stream:([bool]$ReportPath) -OutVariable samples
    if ($ReportPath) { $ready = @($samples | Group-Object -Property Service, Id | ForEach-Object { $_.Group[-1] }) }
}
catch {
    $watchError = $_
    $errorId = $_.FullyQualifiedErrorId.Split(',')[0]
    if ($errorId -eq 'WatchTimeout') {
        # The TargetObject holds the last status of each migration that was not done.
        $_.TargetObject | Format-Table -AutoSize | Out-String -Width 160 | Write-Output
        Stop-Cutover 2 $_.Exception.Message
    }
    if ($errorId -in 'MigrationFailed', 'MigrationStopped', 'MigrationStalled', 'InvalidId') {
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
Write-Output "All $(@($ready).Count) migration(s) caught up: safe to cut over."
if (-not $SwitchOver) { Write-CutoverReport 0 'safe to cut over'; exit 0 }

# ---- Your switch-over step runs here: only after every migration caught up, and before anything is stopped. ----
try {
    $global:LASTEXITCODE = 0
    & $SwitchOver | Out-String -Width 160 | Write-Output
    if ($LASTEXITCODE -ne 0) { throw "it left exit code $LASTEXITCODE" }
}
catch {
    Stop-Cutover 4 "the switch-over step failed, replication left running: $($_.Exception.Message)"
}
Write-Output 'Switched over.'
if (-not $StopWhenCaughtUp) { Write-CutoverReport 0 'switched over'; exit 0 }

if ($DrsJobId.Count -gt 0) { Write-Output "DRS jobs are not stopped by this script; end $($DrsJobId -join ', ') in DRS." }
if ($DcsTaskId.Count -gt 0) {
    # Every task gets its stop request (errors collected, not thrown at the first), then one exit code for them all.
    $stopErrors = $null
    $stop = @{ TaskId = $DcsTaskId; Force = $true; Wait = $true; Timeout = $StopTimeoutSeconds; PassThru = $true }
    try { $stopped = Stop-DcsMigrationTask @stop -ErrorAction SilentlyContinue -ErrorVariable stopErrors }
    catch { $stopErrors = @($_) }
    $notTerminated = @($stopped | Where-Object { $_.Status -ne 'TERMINATED' })
    if (@($stopErrors).Count -gt 0 -or $notTerminated.Count -gt 0) {
        $reasons = @($stopErrors | ForEach-Object { "$($_.FullyQualifiedErrorId.Split(',')[0]) for $($_.TargetObject): $($_.Exception.Message)" }) +
            @($notTerminated | ForEach-Object { "$($_.TaskId) reads $($_.Status)" })
        Stop-Cutover 5 "switched over, but a DCS task did not stop: $($reasons -join '; ')"
    }
    $stopped | Format-Table -AutoSize | Out-String -Width 160 | Write-Output
    Write-Output "Stopped $(@($stopped).Count) DCS task(s)."
}
Write-CutoverReport 0 'switched over and stopped'
exit 0
