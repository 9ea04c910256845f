#Requires -Version 7.0
# Pester 5. Needs a built module (./build.ps1) and the simulator project (src/HuaweiMigration.Simulator).
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
}

AfterAll { Stop-TestSimulator }

Describe 'Get-DcsMigrationTask' -Skip:$NoSimulator {
    BeforeAll { $script:All = @(Get-DcsMigrationTask) }

    It 'lists every task of the project as DcsMigrationTask objects' {
        $All.Count | Should -BeGreaterThan 0
        $All | ForEach-Object { $_ | Should -BeOfType HuaweiMigration.DcsMigrationTask }
        $All | ForEach-Object { $_.IsDetailed | Should -BeFalse }
        @($All.TaskId | Select-Object -Unique).Count | Should -Be $All.Count
    }

    It 'pages with limit=1000' {
        Get-SimRequestCount 'limit=1000' | Should -BeGreaterThan 0
    }

    It 'filters by a wildcard name' {
        $name = $All[0].TaskName
        $pattern = $name.Substring(0, [Math]::Min(3, $name.Length)) + '*'
        $found = @(Get-DcsMigrationTask -Name $pattern)
        $found.Count | Should -BeGreaterThan 0
        $found | ForEach-Object { $_.TaskName | Should -BeLike $pattern }
        @(Get-DcsMigrationTask -Name 'no-task-has-this-name-*').Count | Should -Be 0
    }

    It 'filters by status, without regard to case' {
        $status = $All[0].Status
        $found = @(Get-DcsMigrationTask -Status $status.ToLowerInvariant())
        $found.Count | Should -Be @($All | Where-Object Status -eq $status).Count
    }

    It 'reads tasks by id in input order, with details' {
        $ids = @($All.TaskId)
        [array]::Reverse($ids)
        $detailed = @(Get-DcsMigrationTask -TaskId $ids -ThrottleLimit 3)
        $detailed.TaskId | Should -Be $ids
        $detailed | ForEach-Object { $_.IsDetailed | Should -BeTrue }
    }

    It 'binds ids from the pipeline by value and by property name' {
        @($All[0].TaskId | Get-DcsMigrationTask).TaskId | Should -Be $All[0].TaskId
        @($All | Get-DcsMigrationTask).TaskId | Should -Be $All.TaskId
        @([pscustomobject]@{ task_id = $All[0].TaskId } | Get-DcsMigrationTask).TaskId | Should -Be $All[0].TaskId
    }

    It 'never outputs a Redis password' {
        $detailed = @(Get-DcsMigrationTask -TaskId $All.TaskId)
        $json = $detailed | ConvertTo-Json -Depth 6
        $json | Should -Not -Match '"password"'
        $detailed.SourceInstance | Where-Object { $_ } | ForEach-Object { $_.PSObject.Properties.Name | Should -Not -Contain 'Password' }
    }

    It 'writes a non-terminating error for an unknown id and goes on' {
        $bad = '00000000-0000-0000-0000-000000000000'
        $out = @(Get-DcsMigrationTask -TaskId $bad, $All[0].TaskId -ErrorVariable failures -ErrorAction SilentlyContinue)
        $out.TaskId | Should -Be $All[0].TaskId
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DCS.*,HuaweiMigration.Commands.GetDcsMigrationTaskCommand'
        $failures[0].TargetObject | Should -Be $bad
    }

    It 'uses -Session when given' {
        $session = Get-HuaweiCloudSession
        @(Get-DcsMigrationTask -Session $session).Count | Should -Be $All.Count
    }

    It 'says NotConnected without a session' {
        $session = Get-HuaweiCloudSession
        Disconnect-HuaweiCloud
        try {
            { Get-DcsMigrationTask -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,HuaweiMigration.Commands.GetDcsMigrationTaskCommand'
            { Get-DcsMigrationTask -TaskId x -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,HuaweiMigration.Commands.GetDcsMigrationTaskCommand'
        }
        finally { Connect-Simulator }
    }

    It 'validates -ThrottleLimit' {
        { Get-DcsMigrationTask -TaskId x -ThrottleLimit 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,HuaweiMigration.Commands.GetDcsMigrationTaskCommand'
    }
}

Describe 'Get-DcsMigrationTask dates outside UTC' -Skip:($NoSimulator -or $IsWindows) {
    It 'finds with Get-Date a task created an hour ago when TZ is Asia/Shanghai, and subtracts both ways' {
        # The simulator creates its first task an hour before it started. A child pwsh runs under UTC+8.
        $manifest = Join-Path $Root 'out/HuaweiMigration/HuaweiMigration.psd1'
        $script = @"
Import-Module '$manifest'
$($Sim.ConnectLine)
[TimeZoneInfo]::Local.BaseUtcOffset.TotalHours
`$first = Get-DcsMigrationTask | Sort-Object CreatedAt | Select-Object -First 1
'{0} {1}' -f `$first.CreatedAt.Kind, `$first.CreatedAtUtc.Kind
@(Get-DcsMigrationTask | Where-Object CreatedAt -gt (Get-Date).AddHours(-2)).TaskId -contains `$first.TaskId
[Math]::Round(((Get-Date) - `$first.CreatedAt).TotalHours, 1)
[Math]::Round((`$first.CreatedAt - (Get-Date)).TotalHours, 1)
(`$first.CreatedAt - `$first.CreatedAtUtc.ToLocalTime()).Ticks
(`$first | ConvertTo-Json -Compress) -match '"CreatedAt":"[^"]+\+08:00"'
"@
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ("hm-tz-" + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -Path $file -Value $script
        $pwsh = Join-Path $PSHOME 'pwsh'
        $saved = $env:TZ
        try {
            $env:TZ = 'Asia/Shanghai'
            $out = if (Test-Path $pwsh) { & $pwsh -NoProfile -NonInteractive -File $file } else { & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $file }
        }
        finally { $env:TZ = $saved; Remove-Item $file -ErrorAction SilentlyContinue }
        $LASTEXITCODE | Should -Be 0
        $out[0] | Should -Be '8'
        $out[1] | Should -Be 'Local Utc'
        $out[2] | Should -Be 'True'
        [double]$out[3] | Should -BeGreaterOrEqual 0.9
        [double]$out[3] | Should -BeLessThan 1.5
        [double]$out[4] | Should -BeLessOrEqual -0.9
        [double]$out[4] | Should -BeGreaterThan -1.5
        $out[5] | Should -Be '0'
        $out[6] | Should -Be 'True'
    }
}
