@{
    RootModule             = 'HuaweiMigration.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '6f7b0f8e-2d4c-4b8e-9a53-4c1f2f8d7a11'
    Author                 = 'HuaweiMigration contributors'
    CompanyName            = 'HuaweiMigration'
    Copyright              = '(c) HuaweiMigration contributors. MIT License.'
    Description            = 'Watch Huawei Cloud DCS (Redis) and DRS (database) migrations from PowerShell: typed progress objects, one signed session, and a watch that blocks until a migration is safe to cut over.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('HuaweiMigration.Format.ps1xml')
    CmdletsToExport        = @(
        'Connect-HuaweiCloud'
        'Get-HuaweiCloudSession'
        'Set-HuaweiCloudSession'
        'Disconnect-HuaweiCloud'
        'Get-DcsMigrationTask'
        'Get-DcsMigrationStats'
        'Get-DrsJob'
        'Get-DrsJobProgress'
        'Stop-DcsMigrationTask'
        'Stop-DrsJob'
        'Switch-DcsMigrationIp'
        'Set-DrsJobAlarm'
        'Watch-Migration'
        'Test-MigrationReadiness'
        'Start-DrsComparison'
        'Get-DrsComparison'
        'Stop-DrsComparison'
        'Export-MigrationReport'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('HuaweiCloud', 'Huawei', 'DCS', 'DRS', 'Redis', 'Migration', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri or LicenseUri: the project has no public address yet. The MIT LICENSE ships in the module folder.
            ReleaseNotes = 'Since 0.1: Get-DrsJob (all three scenes, -Name wildcards, -First/-Skip), Stop-DcsMigrationTask (-Wait, -WhatIf, -Force), Get-HuaweiCloudSession and Disconnect-HuaweiCloud beside Connect-HuaweiCloud, Get-DcsMigrationTask, Get-DcsMigrationStats, Get-DrsJobProgress and Watch-Migration (-Until CaughtUp, -StallTimeout). Times are DateTime in local time with a ...Utc twin; Get-DcsMigrationTask takes -Name at position 0 and -First/-Skip; half-set HUAWEICLOUD_SDK_AK/_SK is InvalidCredential; Get-HuaweiCloudSession -ListAvailable and Set-HuaweiCloudSession list the sessions held and make one the default again.'
        }
    }
}
