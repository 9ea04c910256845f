#Requires -Version 7.0
# Pester 5. Needs a built module (./build.ps1) and the simulator project (src/HuaweiMigration.Simulator).
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
    $script:Cmd = 'HuaweiMigration.Commands.ExportMigrationReportCommand'
    function New-StateFile([string] $Path, [string] $Name = 'mysql-orders', [int] $Version = 1) {
        @{
            format = 'HuaweiMigration.WatchState'; version = $Version; region = 'cn-north-4'; projectId = 'p'
            items = @(@{
                service = 'Drs'; id = 'j-1'; name = $Name; ended = @{ errorId = 'MigrationStalled'; message = 'no change for 30m' }
                history = @(
                    @{ t = '2026-12-03T02:00:00Z'; status = 'FULL_TRANSFER_STARTED'; phase = 'FullSync'; percent = 40; delaySeconds = $null; keysRemaining = $null }
                    @{ t = '2026-12-03T02:10:00Z'; status = 'INCRE_TRANSFER_STARTED'; phase = 'Incremental'; percent = 100; delaySeconds = 12; keysRemaining = $null }
                )
            })
        } | ConvertTo-Json -Depth 6 | Set-Content -Path $Path -Encoding utf8
    }
}

AfterAll { Stop-TestSimulator }

Describe 'Export-MigrationReport' -Skip:$NoSimulator {
    It 'writes an HTML report of a watch, one summary row per migration, and outputs the file with -PassThru' {
        Move-SimClock 60
        $path = Join-Path $TestDrive 'watch.html'
        $file = Watch-Migration -DcsTaskId $Sim.DcsTaskIds[0] -DrsJobId $Sim.DrsJobIds[0] -Interval 1 -Timeout 3 -Stream -ErrorAction SilentlyContinue |
            Export-MigrationReport -Path $path -Title 'Cutover <test>' -PassThru
        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be $path
        $html = Get-Content -Raw $path
        ([regex]::Matches($html, '<tr bgcolor="#[0-9a-f]{6}" data-outcome=')).Count | Should -Be 2
        $html | Should -Match '<title>Cutover &lt;test&gt;</title>'
        $html | Should -Not -Match '<script'
        ([regex]::Matches($html, '<svg class="chart"')).Count | Should -Be 4
    }

    It 'writes Markdown for a .md path, from DCS tasks and stats and DRS jobs and progress' {
        $path = Join-Path $TestDrive 'summary.md'
        @(Get-DcsMigrationTask -TaskId $Sim.DcsTaskIds[0]; Get-DcsMigrationStats -TaskId $Sim.DcsTaskIds[0]; Get-DrsJobProgress -JobId $Sim.DrsJobIds[0]) |
            Export-MigrationReport -Path $path
        $md = Get-Content -Raw $path
        $md | Should -Match '(?m)^\| Service \| Name \|'
        @($md -split "`n" | Where-Object { $_ -match '^\| (Dcs|Drs) \|' }).Count | Should -Be 2
        $md | Should -Match 'Progress: `'
    }

    It 'reads the history of a watch state file, and escapes its names' {
        $state = Join-Path $TestDrive 'state.json'
        New-StateFile -Path $state -Name '<script>alert(1)</script>'
        $path = Join-Path $TestDrive 'state.html'
        Export-MigrationReport -Path $path -StatePath $state
        $html = Get-Content -Raw $path
        $html | Should -Match '&lt;script&gt;alert\(1\)&lt;/script&gt;'
        $html | Should -Not -Match '<script'
        $html | Should -Match 'MigrationStalled: no change for 30m'
    }

    It 'refuses a state file of a newer version with StateFileUnreadable' {
        $state = Join-Path $TestDrive 'newer.json'
        New-StateFile -Path $state -Version 2
        { Export-MigrationReport -Path (Join-Path $TestDrive 'newer.html') -StatePath $state } |
            Should -Throw -ErrorId "StateFileUnreadable,$Cmd"
        Test-Path (Join-Path $TestDrive 'newer.html') | Should -BeFalse
    }

    It 'says NothingToReport with no input' {
        { Export-MigrationReport -Path (Join-Path $TestDrive 'empty.html') } | Should -Throw -ErrorId "NothingToReport,$Cmd"
        { @() | Export-MigrationReport -Path (Join-Path $TestDrive 'empty.html') } | Should -Throw -ErrorId "NothingToReport,$Cmd"
    }

    It 'says ReportNotWritten for a folder that does not exist, naming the path' {
        $path = Join-Path $TestDrive 'no-such-folder/r.html'
        $err = $null
        try { Get-DcsMigrationTask -TaskId $Sim.DcsTaskIds[0] | Export-MigrationReport -Path $path } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be "ReportNotWritten,$Cmd"
        $err.TargetObject | Should -Be $path
        $err.Exception.Message | Should -Match ([regex]::Escape($path))
    }

    It 'replaces an existing file only with -Force' {
        $path = Join-Path $TestDrive 'exists.html'
        'keep me' | Set-Content -Path $path
        { Get-DcsMigrationTask -TaskId $Sim.DcsTaskIds[0] | Export-MigrationReport -Path $path } | Should -Throw -ErrorId "ReportNotWritten,$Cmd"
        Get-Content -Raw $path | Should -Match 'keep me'
        Get-DcsMigrationTask -TaskId $Sim.DcsTaskIds[0] | Export-MigrationReport -Path $path -Force
        Get-Content -Raw $path | Should -Match '<!DOCTYPE html>'
        @(Get-ChildItem -Path $TestDrive -Filter '*.tmp' -Force).Count | Should -Be 0
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.html'
        Get-DcsMigrationTask -TaskId $Sim.DcsTaskIds[0] | Export-MigrationReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'takes the statuses an error record carries, and refuses other objects with UnsupportedReportInput' {
        $path = Join-Path $TestDrive 'errors.html'
        $status = Watch-Migration -DcsTaskId $Sim.DcsTaskIds[0] -Interval 1 -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable failures
        @($status) + @($failures) + @(Get-Date) | Export-MigrationReport -Path $path -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be "UnsupportedReportInput,$Cmd"
    }
}
