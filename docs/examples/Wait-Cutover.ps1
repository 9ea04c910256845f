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

    Exit codes:
      0  every migration caught up: safe to cut over
      1  a migration failed, was stopped or stalled, or an id is unknown or unreadable
      2  -TimeoutSeconds ran out before every migration caught up
      3  the module did not load, or a connection or credential problem (no credentials, a bad key, an
         unreachable or persistently failing endpoint)

.EXAMPLE
    pwsh -NonInteractive -File ./Wait-Cutover.ps1 -Region cn-north-4 -DcsTaskId $taskId -DrsJobId $jobId
    if ($LASTEXITCODE -eq 0) { ./Switch-Application.ps1 }
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
    [int] $StallTimeoutSeconds = 1800
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Stop-Cutover([int] $Code, [string] $Reason) {
    # A warning, not an error, so 'Stop' does not end the script before the exit code below is set.
    Write-Warning "Wait-Cutover: $Reason"
    exit $Code
}

# pwsh -File passes "-DcsTaskId a,b" as one string: split it, so both ways of giving several ids work.
$DcsTaskId = @($DcsTaskId | ForEach-Object { $_ -split ',' })
$DrsJobId = @($DrsJobId | ForEach-Object { $_ -split ',' })
if ($DcsTaskId.Count -eq 0 -and $DrsJobId.Count -eq 0) { Stop-Cutover 1 'Give -DcsTaskId or -DrsJobId.' }

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
    $ready = Watch-Migration @watch
}
catch {
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
exit 0
