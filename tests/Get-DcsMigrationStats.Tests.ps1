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

Describe 'Get-DcsMigrationStats' -Skip:$NoSimulator {
    BeforeAll {
        $script:Online = @(Get-DcsMigrationTask | Where-Object MigrationType -eq 'online_migration')
        if ($Online.Count -eq 0) { $script:Online = @(Get-DcsMigrationTask) }
    }

    It 'reads one sample per task' {
        $stats = Get-DcsMigrationStats -TaskId $Online[0].TaskId
        $stats | Should -BeOfType HuaweiMigration.DcsMigrationStats
        $stats.TaskId | Should -Be $Online[0].TaskId
        $stats.SampledAt | Should -BeGreaterThan ([DateTimeOffset]::Now.AddMinutes(-1))
    }

    It 'computes KeysRemaining from the key counts' {
        $stats = Get-DcsMigrationStats -TaskId $Online[0].TaskId
        if ($null -ne $stats.SourceDbSize -and $null -ne $stats.TargetDbSize) {
            $stats.KeysRemaining | Should -Be ([Math]::Max(0, $stats.SourceDbSize - $stats.TargetDbSize))
        }
    }

    It 'chains from Get-DcsMigrationTask and keeps the input order' {
        $stats = @($Online | Get-DcsMigrationStats -ThrottleLimit 2 -ErrorAction SilentlyContinue)
        $stats.TaskId | Should -Be @($Online.TaskId | Where-Object { $stats.TaskId -contains $_ })
        $stats.Count | Should -BeGreaterThan 0
    }

    It 'says DCS.4133 for a task that does not exist, with the id as TargetObject' {
        $bad = '00000000-0000-0000-0000-000000000000'
        { Get-DcsMigrationStats -TaskId $bad -ErrorAction Stop } |
            Should -Throw -ErrorId 'DCS.4133,HuaweiMigration.Commands.GetDcsMigrationStatsCommand'
        $null = Get-DcsMigrationStats -TaskId $bad -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].TargetObject | Should -Be $bad
        $failures[0].Exception.Message | Should -Match 'request id|not found'
    }

    It 'goes on after a failed id' {
        $out = @(Get-DcsMigrationStats -TaskId '00000000-0000-0000-0000-000000000000', $Online[0].TaskId -ErrorAction SilentlyContinue)
        $out.TaskId | Should -Be $Online[0].TaskId
    }

    It 'sends the requests of one pipeline concurrently but no more than -ThrottleLimit' {
        $before = Get-SimRequestCount '/stats'
        $ids = @(1..6 | ForEach-Object { $Online[0].TaskId })
        @(Get-DcsMigrationStats -TaskId $ids -ThrottleLimit 2).Count | Should -Be 6
        (Get-SimRequestCount '/stats') - $before | Should -Be 6
    }

    It 'says NotConnected without a session' {
        Disconnect-HuaweiCloud
        try {
            { Get-DcsMigrationStats -TaskId x -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,HuaweiMigration.Commands.GetDcsMigrationStatsCommand'
        }
        finally { Connect-Simulator }
    }
}
