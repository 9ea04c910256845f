<#
.SYNOPSIS
    Builds, tests and packages the HuaweiMigration module.
.DESCRIPTION
    dotnet build assembles out/HuaweiMigration (the psd1, the dll and its dependencies, the format file and en-US help).
    When platyPS v1 (New-ExternalHelp) is installed, the en-US MAML and about topic are first regenerated from docs/;
    otherwise the committed ones in src/HuaweiMigration/en-US are used.
    -Test runs the xunit suite, then the Pester suite (tests/*.Tests.ps1) in the PowerShell 7.6.9 of the tool
    manifest with Pester 5.9.1 from NuGet, always both, and ends with the combined "N passed, N failed".
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
$script:TestTally = $null
$script:TestsFailed = $false
$moduleOut = Join-Path (Join-Path $root 'out') 'HuaweiMigration'

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    Write-Host "==> $What"
    & $Command | Out-Host
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

function Get-PesterManifest {
    # pwsh is a local .NET tool (.config/dotnet-tools.json) and Pester comes from NuGet through tests/TestTools
    # (a PackageDownload), so a machine with only the .NET SDK has both.
    Invoke-Native 'dotnet tool restore (PowerShell)' { dotnet tool restore }
    $tools = Join-Path (Join-Path (Join-Path $root 'tests') 'TestTools') 'TestTools.csproj'
    Invoke-Native 'dotnet restore TestTools.csproj (Pester)' { dotnet restore $tools --nologo -v q }
    $manifest = (dotnet msbuild $tools -nologo -getProperty:PesterManifest | Out-String).Trim()
    if ($LASTEXITCODE -ne 0) { throw "dotnet msbuild -getProperty:PesterManifest failed: $manifest" }
    if (-not $manifest -or -not (Test-Path $manifest)) { throw "Pester was not restored: '$manifest' does not exist." }
    $manifest
}

function Invoke-XunitSuite {
    # Returns the counts from the trx file; a failing suite does not stop the Pester run that follows.
    $testProject = Join-Path (Join-Path (Join-Path $root 'tests') 'HuaweiMigration.Tests') 'HuaweiMigration.Tests.csproj'
    $results = Join-Path $root 'TestResults'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue -Path $results
    $verbosity = if ($env:CI) { 'normal' } else { 'minimal' }
    Write-Host "==> dotnet test $([System.IO.Path]::GetFileName($testProject))"
    dotnet test $testProject -c $Configuration --no-build --nologo --results-directory $results `
        --logger 'trx;LogFileName=xunit.trx' --logger "console;verbosity=$verbosity" | Out-Host
    $exit = $LASTEXITCODE
    $passed = 0; $failed = 0
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content -Raw -Path $trx)).TestRun.ResultSummary.Counters
        $passed = [int]$counters.passed; $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
    }
    if ($exit -ne 0 -and $failed -eq 0) { $failed = 1 }
    [pscustomobject]@{ Suite = 'xunit'; Passed = $passed; Failed = $failed }
}

function Invoke-PesterSuite {
    # In a child pwsh from the tool manifest, so the tests get a clean session: no strict mode or imported module of
    # this script, and the real PowerShell 7 the README names. Its summary goes straight to the console.
    param([string] $Manifest)
    $counts = Join-Path ([System.IO.Path]::GetTempPath()) ("pester-{0}.json" -f [guid]::NewGuid())
    $runner = @'
param($Manifest, $Tests, $Counts)
Import-Module $Manifest -Force
Write-Host "==> Pester $((Get-Module Pester).Version) over tests/*.Tests.ps1 in PowerShell $($PSVersionTable.PSVersion)"
$config = New-PesterConfiguration
$config.Run.Path = @(Get-ChildItem -Path $Tests -Filter '*.Tests.ps1' | ForEach-Object { $_.FullName })
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$r = Invoke-Pester -Configuration $config
# A failed BeforeAll fails its block without counting its tests as failed; count it all the same.
$failed = $r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount
if ($failed -eq 0 -and $r.Result -ne 'Passed') { $failed = 1 }
@{ Passed = $r.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -Path $Counts
'@
    $quote = { param($t) "'" + $t.Replace("'", "''") + "'" }
    $command = "& { $runner } -Manifest $(& $quote $Manifest) -Tests $(& $quote (Join-Path $root 'tests')) -Counts $(& $quote $counts)"
    dotnet tool run pwsh -NoProfile -NonInteractive -Command $command | Out-Host
    try {
        $result = Get-Content -Raw -Path $counts -ErrorAction Stop | ConvertFrom-Json
        [pscustomobject]@{ Suite = 'Pester'; Passed = [int]$result.Passed; Failed = [int]$result.Failed }
    }
    catch {
        Write-Host "Pester did not report its results (exit code $LASTEXITCODE)." -ForegroundColor Red
        [pscustomobject]@{ Suite = 'Pester'; Passed = 0; Failed = 1 }
    }
    finally { Remove-Item -Path $counts -ErrorAction SilentlyContinue }
}

function Install-TestBrowser {
    # The browser test (tests/HuaweiMigration.Tests/Browser) drives headless Chromium. CI starts on a fresh Debian machine as
    # root, so install Debian's chromium there, once; anywhere else the test is skipped with a message saying how to get it.
    if ($env:CHROMIUM_PATH -and (Test-Path -Path $env:CHROMIUM_PATH)) { return }
    if (Get-Command -Name chromium, chromium-browser, google-chrome, google-chrome-stable -CommandType Application -ErrorAction Ignore) { return }
    $onLinux = [bool](Get-Variable -Name IsLinux -ValueOnly -ErrorAction Ignore)
    $isRoot = $onLinux -and ((id -u) -eq '0')
    if (-not $isRoot -or -not (Get-Command -Name apt-get -CommandType Application -ErrorAction Ignore)) {
        Write-Host 'Chromium is not installed, and this is not a root Debian machine: the browser test will be skipped. Install chromium or set CHROMIUM_PATH.'
        return
    }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    try {
        Invoke-Native 'apt-get update (Chromium for the browser test)' { apt-get update -q }
        Invoke-Native 'apt-get install -y chromium' { apt-get install -y -q chromium }
    }
    catch { Write-Host "Chromium could not be installed ($_): the browser test will be skipped." -ForegroundColor Yellow }
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
        $pester = Get-PesterManifest
        Install-TestBrowser
        $suites = @(Invoke-XunitSuite; Invoke-PesterSuite -Manifest $pester)
        foreach ($s in $suites) { Write-Host ("{0}: {1} passed, {2} failed" -f $s.Suite, $s.Passed, $s.Failed) }
        $script:TestTally = '{0} passed, {1} failed' -f ($suites | Measure-Object Passed -Sum).Sum, ($suites | Measure-Object Failed -Sum).Sum
        $script:TestsFailed = @($suites | Where-Object Failed -gt 0).Count -gt 0
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
# The combined tally is the last line, the form CI reads.
if ($script:TestTally) { Write-Host $script:TestTally }
if ($script:TestsFailed) { exit 1 }
exit 0
