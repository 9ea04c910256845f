#Requires -Version 7.0
# Pester 5. Needs a built module (./build.ps1) and the simulator project (src/HuaweiMigration.Simulator).
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
}

AfterAll { Stop-TestSimulator }

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
        $all += Get-HuaweiCloudSession -ListAvailable | Format-List * | Out-String
        $all += Get-HuaweiCloudSession -ListAvailable | Format-Table * | Out-String -Width 400
        $all | Should -Match 'IsDefault\s+: True'
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

    It 'fails on a wrong secret key with APIG.0301 after one rejected signature, and leaves no default session: <Case>' -ForEach @(
        @{ Case = 'project looked up'; Extra = @{} }
        @{ Case = 'with -ProjectId'; Extra = @{ ProjectId = 'someproject0001' } }
    ) {
        # Connect proves the credential with one request, so the gateway's lockout (5 bad signatures) is never near.
        Disconnect-HuaweiCloud -ErrorAction SilentlyContinue
        $null = Invoke-RestMethod -Method Delete -Uri "$($Sim.Endpoint)/_sim/requests"
        { Connect-HuaweiCloud -Region $Sim.Region -Endpoint $Sim.Endpoint -AccessKey $Sim.AccessKey -SecretKey (ConvertTo-Secure 'not-the-secret-key') @Extra -ErrorAction Stop } |
            Should -Throw -ErrorId 'APIG.0301,HuaweiMigration.Commands.ConnectHuaweiCloudCommand'
        Get-HuaweiCloudSession | Should -BeNullOrEmpty
        (Invoke-RestMethod -Uri "$($Sim.Endpoint)/_sim/requests").unauthorized | Should -Be 1
    }

    It 'gives UnexpectedRedirect for a redirect and follows none' {
        Connect-Simulator
        try {
            $fault = '{"route":"dcs.list","kind":"redirect","statusCode":307,"location":"http://127.0.0.1:9"}'
            $null = Invoke-RestMethod -Method Post -Uri "$($Sim.Endpoint)/_sim/faults" -ContentType 'application/json' -Body $fault
            $failure = $null
            try { Get-DcsMigrationTask -ErrorAction Stop } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -Be 'UnexpectedRedirect,HuaweiMigration.Commands.GetDcsMigrationTaskCommand'
            $failure.Exception.Message | Should -Match 'HTTP 307.*127\.0\.0\.1:9'
        }
        finally { $null = Invoke-RestMethod -Method Delete -Uri "$($Sim.Endpoint)/_sim/faults" }
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

    It 'does not hand the default session to the next ForEach-Object -Parallel iteration' {
        # -ThrottleLimit 1 reuses one runspace, resetting its state between iterations.
        $manifest = Join-Path $Root 'out/HuaweiMigration/HuaweiMigration.psd1'
        $line = $Sim.ConnectLine
        $seen = 1, 2 | ForEach-Object -ThrottleLimit 1 -Parallel {
            Import-Module $using:manifest
            if ($_ -eq 1) { Invoke-Expression $using:line; "1:$((Get-HuaweiCloudSession).ProjectId)" }
            else {
                "2:$((Get-HuaweiCloudSession).ProjectId)"
                try { $null = Get-DcsMigrationTask -ErrorAction Stop; '2:listed' } catch { "2:$($_.FullyQualifiedErrorId)" }
            }
        }
        $seen[0] | Should -Not -Be '1:'
        $seen[1..2] | Should -Be @('2:', '2:NotConnected,HuaweiMigration.Commands.GetDcsMigrationTaskCommand')
    }

    It 'does nothing when there is no session' {
        Disconnect-HuaweiCloud -ErrorAction SilentlyContinue
        { Disconnect-HuaweiCloud -ErrorAction Stop } | Should -Not -Throw
    }
}
