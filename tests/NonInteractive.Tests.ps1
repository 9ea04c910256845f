#Requires -Version 7.0
# Pester 5. Every cmdlet of the module with -Debug in a child pwsh -NonInteractive, where any prompt is an error:
# for a compiled cmdlet, -Debug turns the verbose stream into Inquire ("Continue with this operation?").
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Move-SimClock 60
}

AfterAll { Stop-TestSimulator }

Describe 'Every cmdlet under pwsh -NonInteractive' -Skip:$NoSimulator {
    It 'runs with -Debug, and with -Debug and $VerbosePreference Continue, without a prompt' {
        $dcs = $Sim.DcsTaskIds[0]; $drs = $Sim.DrsJobIds[0]; $objects = $Sim.DrsJobIds[-1]
        $manifest = Join-Path $Root 'out/HuaweiMigration/HuaweiMigration.psd1'
        $child = Join-Path $TestDrive 'every-cmdlet.ps1'
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
`$lines = [ordered]@{
    'Connect-HuaweiCloud'    = { $($Sim.ConnectLine) -Debug }
    'Get-HuaweiCloudSession' = { Get-HuaweiCloudSession -Debug; Get-HuaweiCloudSession -ListAvailable -Debug }
    'Set-HuaweiCloudSession' = { Get-HuaweiCloudSession | Set-HuaweiCloudSession -Debug; Set-HuaweiCloudSession -Region $($Sim.Region) -PassThru -Debug }
    'Get-DcsMigrationTask'   = { Get-DcsMigrationTask -Debug; Get-DcsMigrationTask -TaskId $dcs -Debug }
    'Get-DcsMigrationStats'  = { Get-DcsMigrationStats -TaskId $dcs -Debug }
    'Get-DrsJobProgress'     = { Get-DrsJobProgress -JobId $drs -Debug; Get-DrsJobProgress -JobId $objects -ObjectType table -First 2 -Debug }
    'Watch-Migration'        = { Watch-Migration -DcsTaskId $dcs -DrsJobId $drs -Interval 1 -Timeout 2 -Debug -ErrorAction SilentlyContinue }
    'Get-DrsJob'             = { Get-DrsJob -Debug; Get-DrsJob -JobId $drs -Debug }
    'Stop-DcsMigrationTask'  = { Stop-DcsMigrationTask -TaskId `$stopIds[`$pass] -Force -Debug }
    'Stop-DrsJob'            = { Stop-DrsJob -JobId `$drsStopIds[`$pass] -Force -Debug; Stop-DrsJob -JobId no-such-job -RequireReady -Force -Debug -ErrorAction SilentlyContinue }
    # Refused (not in incremental migration, or not ready) or switched: either way it must not prompt.
    'Switch-DcsMigrationIp'  = { Switch-DcsMigrationIp -TaskId $dcs -Force -Debug -ErrorAction SilentlyContinue; Switch-DcsMigrationIp -TaskId $dcs -RequireReady -Confirm:`$false -Debug -ErrorAction SilentlyContinue }
    'Test-MigrationReadiness' = { Test-MigrationReadiness -DcsTaskId $dcs -DrsJobId $drs -Debug; Test-MigrationReadiness -DrsJobId $drs -Quiet -Debug }
    'Start-DrsComparison'    = { Start-DrsComparison -JobId $drs -Confirm:`$false -Debug -ErrorAction SilentlyContinue }
    'Get-DrsComparison'      = { Get-DrsComparison -JobId $drs -Debug; Get-DrsComparison -JobId $drs -All -Detail -Debug }
    'Stop-DrsComparison'     = { Stop-DrsComparison -JobId $drs -Confirm:`$false -Debug -ErrorAction SilentlyContinue }
    'Set-DrsJobAlarm'        = { Set-DrsJobAlarm -JobId $($Sim.DrsJobIds[3]) -DelayThreshold 60 -Email ops@example.com -Debug }
    'Export-MigrationReport' = { Get-DcsMigrationTask -TaskId $dcs | Export-MigrationReport -Path (Join-Path '$TestDrive' ('report-{0}.html' -f `$pass)) -Force -Debug }
    'Disconnect-HuaweiCloud' = { Disconnect-HuaweiCloud -Debug }
}
# Each pass stops a task of its own: a stopped task cannot be stopped again.
`$stopIds = '$($Sim.DcsTaskIds[-1])', '$($Sim.DcsTaskIds[1])'
`$drsStopIds = '$($Sim.DrsJobIds[1])', '$($Sim.DrsJobIds[2])'
`$missing = @((Get-Command -Module HuaweiMigration -CommandType Cmdlet).Name | Where-Object { -not `$lines.Contains(`$_) })
if (`$missing) { Write-Output "NOT COVERED: `$(`$missing -join ', ')"; exit 5 }
foreach (`$pass in 0, 1) {
    `$VerbosePreference = ('SilentlyContinue', 'Continue')[`$pass]
    foreach (`$name in `$lines.Keys) { `$null = & `$lines[`$name] 5>&1 4>&1 }
}
Write-Output 'EVERY CMDLET RAN'
"@ | Set-Content -Path $child
        $r = Invoke-ChildPwsh -File $child
        $r.Output | Should -Not -Match 'NonInteractive mode'
        $r.Output | Should -Match 'EVERY CMDLET RAN'
        $r.ExitCode | Should -Be 0
    }

    It 'a stop or switch without -Force fails with ConfirmationRequired, which names -Force, and sends nothing' {
        $manifest = Join-Path $Root 'out/HuaweiMigration/HuaweiMigration.psd1'
        $child = Join-Path $TestDrive 'no-force.ps1'
        @"
Import-Module '$manifest'
$($Sim.ConnectLine)
foreach (`$line in { Stop-DrsJob -JobId '$($Sim.DrsJobIds[0])' }, { Stop-DcsMigrationTask -TaskId '$($Sim.DcsTaskIds[0])' }, { Switch-DcsMigrationIp -TaskId '$($Sim.DcsTaskIds[0])' }) {
    try { & `$line; Write-Output 'NO ERROR' }
    catch { Write-Output "`$(`$_.FullyQualifiedErrorId) | `$(`$_.Exception.Message)" }
}
"@ | Set-Content -Path $child
        $before = @(Get-SimRequests | Where-Object { $_.method -ne 'GET' }).Count
        $r = Invoke-ChildPwsh -File $child
        $lines = @($r.Output -split "`n" | Where-Object { $_ -match 'ConfirmationRequired' })
        $lines.Count | Should -Be 3
        $lines | ForEach-Object { $_ | Should -Match '-Force' }
        $r.Output | Should -Not -Match 'NO ERROR|Read and Prompt'
        @(Get-SimRequests | Where-Object { $_.method -ne 'GET' }).Count | Should -Be $before
    }
}
