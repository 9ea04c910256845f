@{
    RootModule        = 'FloorModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '6a0c3e3e-2b1f-4a61-9a43-5d1f0c2e7f10'
    PowerShellVersion = '5.1'
    FormatsToProcess  = @('FloorModule.Format.ps1xml')
    CmdletsToExport   = @('Connect-Floor', 'Get-FloorTask')
    FunctionsToExport = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
