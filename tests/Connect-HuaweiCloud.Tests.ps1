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
}

AfterAll {
    Disconnect-HuaweiCloud -ErrorAction SilentlyContinue
    if ($Sim -and -not $Sim.Process.HasExited) { $Sim.Process.Kill($true); $null = $Sim.Process.WaitForExit(10000) }
}

Describe 'Connect-HuaweiCloud' -Skip:$NoSimulator {
    AfterEach { Disconnect-HuaweiCloud -ErrorAction SilentlyContinue }

    It 'connects with the line the simulator prints and makes the default session' {
        Connect-Simulator
        $session = Get-HuaweiCloudSession
        $session | Should -BeOfType HuaweiMigration.HuaweiCloudSession
        $session.Region | Should -Be $Sim.Region
        $session.DcsEndpoint.AbsoluteUri | Should -Be "$($Sim.Endpoint)/"
        $session.DrsEndpoint | Should -Be $session.DcsEndpoint
        $session.IamEndpoint | Should -Be $session.DcsEndpoint
    }

    It 'returns the session with -PassThru, with the access key masked' {
        $session = Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -AccessKey $Sim.AccessKey -SecretKey (ConvertTo-Secure $Sim.SecretKey) -PassThru
        $session | Should -BeOfType HuaweiMigration.HuaweiCloudSession
        $session.CredentialKind | Should -Be 'AccessKey'
        $session.CredentialSource | Should -Be 'Parameters'
        $session.AccessKey | Should -Not -Be $Sim.AccessKey
        $session.AccessKey | Should -Match '\*'
        $session.ProjectId | Should -Not -BeNullOrEmpty  # from the IAM project lookup when the line had none
        $session.RequestTimeout | Should -Be ([timespan]::FromSeconds(30))
    }

    It 'writes nothing without -PassThru' {
        $out = Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -AccessKey $Sim.AccessKey -SecretKey (ConvertTo-Secure $Sim.SecretKey)
        $out | Should -BeNullOrEmpty
    }

    It 'reads the SDK environment variables in the Environment set' {
        $saved = @{ AK = $env:HUAWEICLOUD_SDK_AK; SK = $env:HUAWEICLOUD_SDK_SK }
        try {
            $env:HUAWEICLOUD_SDK_AK = $Sim.AccessKey
            $env:HUAWEICLOUD_SDK_SK = $Sim.SecretKey
            $session = Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -PassThru
            $session.CredentialSource | Should -Be 'Environment'
            Get-DcsMigrationTask | Should -Not -BeNullOrEmpty
        }
        finally { $env:HUAWEICLOUD_SDK_AK = $saved.AK; $env:HUAWEICLOUD_SDK_SK = $saved.SK }
    }

    It 'prefers parameters to environment variables' {
        $saved = @{ AK = $env:HUAWEICLOUD_SDK_AK; SK = $env:HUAWEICLOUD_SDK_SK }
        try {
            $env:HUAWEICLOUD_SDK_AK = 'WRONGAKWRONGAKWRONG1'
            $env:HUAWEICLOUD_SDK_SK = 'wrong-secret'
            $session = Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -AccessKey $Sim.AccessKey -SecretKey (ConvertTo-Secure $Sim.SecretKey) -PassThru
            $session.CredentialSource | Should -Be 'Parameters'
            { Get-DcsMigrationTask -ErrorAction Stop } | Should -Not -Throw
        }
        finally { $env:HUAWEICLOUD_SDK_AK = $saved.AK; $env:HUAWEICLOUD_SDK_SK = $saved.SK }
    }

    It 'reads a profile of ~/.huaweicloud/credentials' -Skip:($IsWindows) {
        $home0 = $env:HOME
        $fake = Join-Path ([System.IO.Path]::GetTempPath()) ("hm-home-" + [guid]::NewGuid().ToString('N'))
        try {
            New-Item -ItemType Directory -Path (Join-Path $fake '.huaweicloud') -Force | Out-Null
            $ini = "[migration]`nak = $($Sim.AccessKey)`nsk = $($Sim.SecretKey)`n"
            if ($Sim.ProjectId) { $ini += "project_id = $($Sim.ProjectId)`n" }
            Set-Content -Path (Join-Path $fake '.huaweicloud/credentials') -Value $ini
            $env:HOME = $fake
            $session = Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -ProfileName migration -PassThru
            $session.CredentialSource | Should -Be 'Profile:migration'
            if ($Sim.ProjectId) { $session.ProjectId | Should -Be $Sim.ProjectId }
        }
        finally { $env:HOME = $home0; Remove-Item -Recurse -Force $fake -ErrorAction SilentlyContinue }
    }

    It 'never writes the secret key to any stream' {
        $all = Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -AccessKey $Sim.AccessKey -SecretKey (ConvertTo-Secure $Sim.SecretKey) -PassThru -Verbose -Debug *>&1 | Out-String
        $all += Get-HuaweiCloudSession | Format-List * | Out-String
        $all | Should -Not -Match ([regex]::Escape($Sim.SecretKey))
    }

    It 'rejects plain http to a host that is not loopback: <Endpoint>' -ForEach @(
        @{ Endpoint = 'http://10.20.30.40:8080' }, @{ Endpoint = 'ftp://127.0.0.1/' }, @{ Endpoint = 'not a url' }
    ) {
        { Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Endpoint -AccessKey AK -SecretKey (ConvertTo-Secure 'sk') -ProjectId p1 } |
            Should -Throw -ErrorId 'InvalidEndpoint,HuaweiMigration.Commands.ConnectHuaweiCloudCommand'
    }

    It 'says NoCredentials when nothing gives a credential' {
        $saved = @{ AK = $env:HUAWEICLOUD_SDK_AK; SK = $env:HUAWEICLOUD_SDK_SK }
        try {
            $env:HUAWEICLOUD_SDK_AK = $null; $env:HUAWEICLOUD_SDK_SK = $null
            { Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -ProjectId p1 } |
                Should -Throw -ErrorId 'NoCredentials,HuaweiMigration.Commands.ConnectHuaweiCloudCommand'
        }
        finally { $env:HUAWEICLOUD_SDK_AK = $saved.AK; $env:HUAWEICLOUD_SDK_SK = $saved.SK }
    }

    It 'reports a bad signature with the gateway code APIG.0301' {
        # One bad signature only: the gateway locks a key after five.
        { Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -AccessKey $Sim.AccessKey -SecretKey (ConvertTo-Secure 'not-the-secret-key') } |
            Should -Throw -ErrorId 'APIG.0301,HuaweiMigration.Commands.ConnectHuaweiCloudCommand'
    }

    It 'validates -TimeoutSec and -MaxRetryCount' {
        { Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -TimeoutSec 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,HuaweiMigration.Commands.ConnectHuaweiCloudCommand'
        { Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -MaxRetryCount 11 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,HuaweiMigration.Commands.ConnectHuaweiCloudCommand'
    }
}

Describe 'Disconnect-HuaweiCloud and Get-HuaweiCloudSession' -Skip:$NoSimulator {
    It 'forgets the default session' {
        Connect-Simulator
        Get-HuaweiCloudSession | Should -Not -BeNullOrEmpty
        Disconnect-HuaweiCloud | Should -BeNullOrEmpty
        Get-HuaweiCloudSession | Should -BeNullOrEmpty
        { Get-DcsMigrationTask -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,HuaweiMigration.Commands.GetDcsMigrationTaskCommand'
    }

    It 'takes a session from the pipeline and leaves the default one alone' {
        $other = Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -AccessKey $Sim.AccessKey -SecretKey (ConvertTo-Secure $Sim.SecretKey) -PassThru
        $default = Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -AccessKey $Sim.AccessKey -SecretKey (ConvertTo-Secure $Sim.SecretKey) -PassThru
        $other | Disconnect-HuaweiCloud
        [object]::ReferenceEquals((Get-HuaweiCloudSession), $default) | Should -BeTrue
        Disconnect-HuaweiCloud
    }

    It 'does nothing when there is no session' {
        Disconnect-HuaweiCloud -ErrorAction SilentlyContinue
        { Disconnect-HuaweiCloud -ErrorAction Stop } | Should -Not -Throw
    }
}
