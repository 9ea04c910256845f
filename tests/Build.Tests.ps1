#Requires -Version 7.0
# Pester 5. The module folder out/HuaweiMigration holds the configuration asked for last at the root: a Debug build of
# a project that only references the module (dotnet run of the simulator) leaves a Release out/ as it is.
# Runs in a copy of the sources, so the out/ of this checkout is never touched.
BeforeAll {
    $root = Split-Path -Parent $PSScriptRoot
    $script:Copy = Join-Path ([System.IO.Path]::GetTempPath()) ("hm-build-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path (Join-Path $Copy 'src')
    foreach ($f in 'Directory.Build.props', 'HuaweiMigration.psd1', 'LICENSE') { Copy-Item (Join-Path $root $f) $Copy }
    foreach ($p in 'HuaweiMigration', 'HuaweiMigration.Simulator') {
        Copy-Item -Recurse (Join-Path $root "src/$p") (Join-Path $Copy 'src')
        Get-ChildItem (Join-Path $Copy "src/$p") -Directory | Where-Object Name -in 'bin', 'obj' | Remove-Item -Recurse -Force
    }
    function Build-Simulator([string] $Configuration) {
        $log = & dotnet build (Join-Path $Copy 'src/HuaweiMigration.Simulator') -c $Configuration --nologo 2>&1
        if ($LASTEXITCODE -ne 0) { throw "dotnet build -c $Configuration failed: $($log -join "`n")" }
        $log -join "`n"
    }
    $script:Out = Join-Path $Copy 'out/HuaweiMigration'
    $script:Marker = Join-Path $Copy 'out/HuaweiMigration.configuration'
}

AfterAll { Remove-Item -Recurse -Force -Path $Copy -ErrorAction SilentlyContinue }

Describe 'out/HuaweiMigration' {
    It 'is assembled by the first build, whatever its configuration, and ships the LICENSE' {
        Build-Simulator Release | Out-Null
        (Get-Content $Marker).Trim() | Should -Be 'Release'
        Join-Path $Out 'HuaweiMigration.dll' | Should -Exist
        Join-Path $Out 'LICENSE' | Should -Exist
    }

    It 'is left as it is by a Debug build of a project that only references the module' {
        $release = (Get-FileHash (Join-Path $Copy 'src/HuaweiMigration/bin/Release/netstandard2.0/HuaweiMigration.dll')).Hash
        $log = Build-Simulator Debug
        (Get-Content $Marker).Trim() | Should -Be 'Release'
        (Get-FileHash (Join-Path $Out 'HuaweiMigration.dll')).Hash | Should -Be $release
        $log | Should -Match 'holds a Release build and is left as it is'
    }
}
