#Requires -Version 7.0
# Pester 5. Needs a built module (./build.ps1) and the simulator project (src/HuaweiMigration.Simulator).
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    $script:Root = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $Root 'out/HuaweiMigration/HuaweiMigration.psd1') -Force

    function Start-Simulator {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $project = Join-Path $Root 'src/HuaweiMigration.Simulator'
        & dotnet build $project --nologo -v q | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'The simulator does not build.' }
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in 'run', '--project', $project, '--no-build', '--', '--port', "$port") { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($psi)
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        $line = $null
        while (-not $line -and [DateTime]::UtcNow -lt $deadline) {
            $read = $process.StandardOutput.ReadLineAsync()
            if (-not $read.Wait(([TimeSpan]($deadline - [DateTime]::UtcNow)))) { break }
            if ($null -eq $read.Result) { break }
            if ($read.Result -match 'Connect-HuaweiCloud\b.*') { $line = $Matches[0] }
        }
        if (-not $line) { $process.Kill($true); throw 'The simulator printed no Connect-HuaweiCloud line within 60 seconds.' }
        $null = $process.StandardOutput.ReadToEndAsync() # keep draining so the simulator never blocks on a full pipe
        [pscustomobject]@{
            Process     = $process
            Endpoint    = "http://127.0.0.1:$port"
            ConnectLine = $line
            Region      = if ($line -match '-Region\s+([\w-]+)') { $Matches[1] } else { 'cn-north-4' }
            AccessKey   = if ($line -match '-AccessKey\s+[''"]?([^\s''"]+)') { $Matches[1] } else { $null }
            SecretKey   = if ($line -match 'ConvertTo-SecureString\s+(?:-String\s+)?[''"]([^''"]+)[''"]') { $Matches[1] } else { $null }
            ProjectId   = if ($line -match '-ProjectId\s+[''"]?([^\s''"]+)') { $Matches[1] } else { $null }
        }
    }

    $script:Sim = Start-Simulator
    function Connect-Simulator { Invoke-Expression $Sim.ConnectLine }
    function ConvertTo-Secure([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }

    # Ids of the demo scenario: from the simulator's README when it lists them, else from the API.
    function Get-ReadmeIds([string] $Pattern) {
        $readme = Join-Path $Root 'src/HuaweiMigration.Simulator/README.md'
        if (-not (Test-Path $readme)) { return @() }
        @(Get-Content $readme | Where-Object { $_ -match $Pattern } |
            ForEach-Object { [regex]::Matches($_, '\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\w*\b') } |
            ForEach-Object { $_.Value } | Select-Object -Unique)
    }
    function Get-SimRequests { @(Invoke-RestMethod -Uri "$($Sim.Endpoint)/_sim/requests") }
    function Get-SimRequestCount([string] $PathPart) { @((Get-SimRequests | ConvertTo-Json -Depth 8 -Compress) | Select-String -Pattern ([regex]::Escape($PathPart)) -AllMatches | ForEach-Object { $_.Matches }).Count }
    function Move-SimClock([int] $Seconds) { $null = Invoke-RestMethod -Method Post -Uri "$($Sim.Endpoint)/_sim/clock/advance?seconds=$Seconds" }
    Connect-Simulator
}

AfterAll {
    Disconnect-HuaweiCloud -ErrorAction SilentlyContinue
    if ($Sim -and -not $Sim.Process.HasExited) { $Sim.Process.Kill($true); $null = $Sim.Process.WaitForExit(10000) }
}

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
