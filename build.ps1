<#
.SYNOPSIS
    Builds, tests and packages the HuaweiMigration module.
.DESCRIPTION
    dotnet build assembles out/HuaweiMigration (the psd1, the dll and its dependencies, the format file and en-US help).
    When platyPS v1 (New-ExternalHelp) is installed, the en-US MAML and about topic are first regenerated from docs/;
    otherwise the committed ones in src/HuaweiMigration/en-US are used.
    Runs on PowerShell 7 and on Windows PowerShell 5.1.
.EXAMPLE
    ./build.ps1 -Clean -Test -Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [switch] $Clean,
    [switch] $Test,
    [switch] $Package
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0
$root = $PSScriptRoot
$moduleOut = Join-Path (Join-Path $root 'out') 'HuaweiMigration'

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    Write-Host "==> $What"
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
}

function Update-Help {
    # platyPS v1 only: v2 (Microsoft.PowerShell.PlatyPS) has another command set and another markdown schema.
    $platyPS = Get-Module -ListAvailable -Name platyPS | Where-Object { $_.Version.Major -eq 0 } | Sort-Object Version -Descending | Select-Object -First 1
    $helpDir = Join-Path (Join-Path (Join-Path $root 'src') 'HuaweiMigration') 'en-US'
    if (-not $platyPS) {
        Write-Host "platyPS v1 is not installed: using the committed help in $helpDir. (Install-Module platyPS -RequiredVersion 0.14.2 to regenerate it from docs/.)"
        return
    }
    Write-Host "==> Regenerating $helpDir from docs/ with platyPS $($platyPS.Version)"
    Import-Module $platyPS -Force
    $docs = Join-Path $root 'docs'
    $null = New-ExternalHelp -Path $docs -OutputPath $helpDir -Encoding ([System.Text.UTF8Encoding]::new($true)) -Force -ErrorAction Stop
}

function Invoke-Pester5 {
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Host 'Pester 5 is not installed: the Pester tests (tests/*.Tests.ps1) were skipped. (Install-Module Pester -MinimumVersion 5.0 to run them.)'
        return
    }
    Write-Host "==> Pester $($pester.Version) over tests/*.Tests.ps1"
    Import-Module $pester -Force
    $config = New-PesterConfiguration
    $config.Run.Path = @(Get-ChildItem -Path (Join-Path $root 'tests') -Filter '*.Tests.ps1' | ForEach-Object { $_.FullName })
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { throw "Pester: $($result.FailedCount) test(s) failed." }
}

function Get-BuildTarget {
    # The root solution when there is one, else the module project (which assembles out/HuaweiMigration).
    $solution = @(Get-ChildItem -Path $root -File | Where-Object { $_.Extension -eq '.sln' -or $_.Extension -eq '.slnx' }) | Select-Object -First 1
    if ($solution) { return $solution.FullName }
    return (Join-Path (Join-Path (Join-Path $root 'src') 'HuaweiMigration') 'HuaweiMigration.csproj')
}

Push-Location $root
try {
    if ($Clean) {
        Write-Host '==> Clean: out/ and every bin/ and obj/'
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue -Path (Join-Path $root 'out')
        Get-ChildItem -Path (Join-Path $root 'src'), (Join-Path $root 'tests') -Directory -Recurse -ErrorAction SilentlyContinue |
            Where-Object { $_.Name -eq 'bin' -or $_.Name -eq 'obj' } |
            ForEach-Object { Remove-Item -Recurse -Force -Path $_.FullName -ErrorAction SilentlyContinue }
    }

    Update-Help

    $target = Get-BuildTarget
    Invoke-Native "dotnet build $([System.IO.Path]::GetFileName($target)) -c $Configuration" { dotnet build $target -c $Configuration --nologo }
    if (-not (Test-Path (Join-Path $moduleOut 'HuaweiMigration.dll'))) { throw "The build did not assemble $moduleOut." }
    Write-Host "Module assembled in $moduleOut"

    if ($Test) {
        $testProject = Join-Path (Join-Path (Join-Path $root 'tests') 'HuaweiMigration.Tests') 'HuaweiMigration.Tests.csproj'
        Invoke-Native "dotnet test $([System.IO.Path]::GetFileName($testProject))" { dotnet test $testProject -c $Configuration --nologo }
        Invoke-Pester5
    }

    if ($Package) {
        $packageDir = Join-Path (Join-Path (Join-Path $root 'out') 'package') 'HuaweiMigration'
        Write-Host "==> Package into $packageDir"
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue -Path $packageDir
        $null = New-Item -ItemType Directory -Path $packageDir -Force
        Get-ChildItem -Path $moduleOut -Recurse -File | Where-Object { $_.Extension -ne '.pdb' } | ForEach-Object {
            $relative = $_.FullName.Substring($moduleOut.Length).TrimStart('\', '/')
            $destination = Join-Path $packageDir $relative
            $null = New-Item -ItemType Directory -Path (Split-Path -Parent $destination) -Force
            Copy-Item -Path $_.FullName -Destination $destination -Force
        }
        $manifest = Test-ModuleManifest -Path (Join-Path $packageDir 'HuaweiMigration.psd1') -ErrorAction Stop
        Write-Host "Packaged HuaweiMigration $($manifest.Version): $packageDir"
        Write-Host "Publish with: Publish-PSResource -Path '$packageDir' (or Publish-Module -Path '$packageDir')"
        $packageDir
    }
}
catch {
    Write-Host "build.ps1 failed: $($_.Exception.Message)" -ForegroundColor Red
    exit 1
}
finally {
    Pop-Location
}
exit 0
