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

Describe 'Get-DrsJobProgress' -Skip:$NoSimulator {
    BeforeAll {
        $script:JobIds = @(if ($env:HUAWEIMIGRATION_SIM_DRS_JOBS) { $env:HUAWEIMIGRATION_SIM_DRS_JOBS -split ',' } else { Get-ReadmeIds 'DRS|job' })
        $script:NoJobs = $JobIds.Count -eq 0
    }

    It 'reads one DrsJobProgress per job, in input order' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids: list them in src/HuaweiMigration.Simulator/README.md or $env:HUAWEIMIGRATION_SIM_DRS_JOBS'; return }
        $ids = @($JobIds)
        [array]::Reverse($ids)
        $progress = @(Get-DrsJobProgress -JobId $ids)
        $progress.JobId | Should -Be $ids
        $progress | ForEach-Object { $_ | Should -BeOfType HuaweiMigration.DrsJobProgress }
        $progress | ForEach-Object { $_.TaskMode | Should -BeIn 'FULL_TRANS', 'INCR_TRANS', 'FULL_INCR_TRANS' }
    }

    It 'asks for 10 jobs per batch across the whole pipeline' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids'; return }
        $ids = @(1..12 | ForEach-Object { $JobIds[$_ % $JobIds.Count] })
        $before = Get-SimRequestCount 'batch-progress'
        @($ids | Get-DrsJobProgress).Count | Should -Be 12
        (Get-SimRequestCount 'batch-progress') - $before | Should -Be 2
    }

    It 'binds DrsJobProgress objects and job_id properties from the pipeline' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids'; return }
        @(Get-DrsJobProgress -JobId $JobIds[0] | Get-DrsJobProgress).JobId | Should -Be $JobIds[0]
        @([pscustomobject]@{ job_id = $JobIds[0] } | Get-DrsJobProgress).JobId | Should -Be $JobIds[0]
    }

    It 'writes DRS.M05003 for an unknown job with the job id as TargetObject, and returns the others' {
        $bad = '00000000-0000-0000-0000-000000000000jb00'
        $ids = @($bad) + @($JobIds | Select-Object -First 1)
        $out = @(Get-DrsJobProgress -JobId $ids -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'DRS.M05003,HuaweiMigration.Commands.GetDrsJobProgressCommand'
        $failures[0].TargetObject | Should -Be $bad
        $out.JobId | Should -Be @($JobIds | Select-Object -First 1)
        { Get-DrsJobProgress -JobId $bad -ErrorAction Stop } | Should -Throw -ErrorId 'DRS.M05003,HuaweiMigration.Commands.GetDrsJobProgressCommand'
    }

    It 'lists the tables of a job as DrsObjectProgress rows' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids'; return }
        $rows = @(Get-DrsJobProgress -JobId $JobIds[0] -ObjectType table)
        $rows | ForEach-Object { $_ | Should -BeOfType HuaweiMigration.DrsObjectProgress }
        $rows | ForEach-Object { $_.JobId | Should -Be $JobIds[0]; $_.ObjectType | Should -Be 'table' }
        Get-SimRequestCount 'progress-data/table' | Should -BeGreaterThan 0
    }

    It 'supports -First, -Skip and -IncludeTotalCount' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids'; return }
        $all = @(Get-DrsJobProgress -JobId $JobIds[0] -ObjectType table)
        if ($all.Count -lt 2) { Set-ItResult -Skipped -Because 'the demo job has fewer than 2 tables'; return }
        $first = @(Get-DrsJobProgress -JobId $JobIds[0] -ObjectType table -First 1)
        $first.Count | Should -Be 1
        $first[0].SourceObject | Should -Be $all[0].SourceObject
        @(Get-DrsJobProgress -JobId $JobIds[0] -ObjectType table -Skip 1).Count | Should -Be ($all.Count - 1)
        $withTotal = @(Get-DrsJobProgress -JobId $JobIds[0] -ObjectType table -First 1 -IncludeTotalCount)
        ($withTotal | Where-Object { $_ -isnot [HuaweiMigration.DrsObjectProgress] } | Out-String) | Should -Match "$($all.Count)"
    }

    It 'sends -Filter as search_name' {
        if ($NoJobs) { Set-ItResult -Skipped -Because 'no DRS job ids'; return }
        $null = @(Get-DrsJobProgress -JobId $JobIds[0] -ObjectType table -Filter order)
        Get-SimRequestCount 'search_name=order' | Should -BeGreaterThan 0
    }

    It 'validates -ObjectType' {
        { Get-DrsJobProgress -JobId x -ObjectType tables } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,HuaweiMigration.Commands.GetDrsJobProgressCommand'
    }

    It 'says NotConnected without a session' {
        Disconnect-HuaweiCloud
        try {
            { Get-DrsJobProgress -JobId x -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,HuaweiMigration.Commands.GetDrsJobProgressCommand'
        }
        finally { Connect-Simulator }
    }
}
