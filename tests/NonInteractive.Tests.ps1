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
    'Get-HuaweiCloudSession' = { Get-HuaweiCloudSession -Debug }
    'Get-DcsMigrationTask'   = { Get-DcsMigrationTask -Debug; Get-DcsMigrationTask -TaskId $dcs -Debug }
    'Get-DcsMigrationStats'  = { Get-DcsMigrationStats -TaskId $dcs -Debug }
    'Get-DrsJobProgress'     = { Get-DrsJobProgress -JobId $drs -Debug; Get-DrsJobProgress -JobId $objects -ObjectType table -First 2 -Debug }
    'Watch-Migration'        = { Watch-Migration -DcsTaskId $dcs -DrsJobId $drs -Interval 1 -Timeout 2 -Debug -ErrorAction SilentlyContinue }
    'Disconnect-HuaweiCloud' = { Disconnect-HuaweiCloud -Debug }
}
`$missing = @((Get-Command -Module HuaweiMigration -CommandType Cmdlet).Name | Where-Object { -not `$lines.Contains(`$_) })
if (`$missing) { Write-Output "NOT COVERED: `$(`$missing -join ', ')"; exit 5 }
foreach (`$preference in 'SilentlyContinue', 'Continue') {
    `$VerbosePreference = `$preference
    foreach (`$name in `$lines.Keys) { `$null = & `$lines[`$name] 5>&1 4>&1 }
}
Write-Output 'EVERY CMDLET RAN'
"@ | Set-Content -Path $child
        Push-Location $Root
        try { $output = & dotnet tool run pwsh -NoProfile -NonInteractive -File $child 2>&1 | Out-String }
        finally { Pop-Location }
        $output | Should -Not -Match 'NonInteractive mode'
        $output | Should -Match 'EVERY CMDLET RAN'
        $LASTEXITCODE | Should -Be 0
    }
}
