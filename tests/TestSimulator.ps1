# Shared setup of the Pester suite, dot-sourced by each *.Tests.ps1 in its BeforeAll: imports the built module
# and starts the simulator on a free loopback port. Stop-TestSimulator ends it in AfterAll.
$script:Root = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $Root 'out/HuaweiMigration/HuaweiMigration.psd1') -Force

function Start-Simulator {
    # Extra simulator options, e.g. '--scenario', $path or '--time-scale', 10.
    param([string[]] $Arguments = @())
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $project = Join-Path $Root 'src/HuaweiMigration.Simulator'
    # Release, like build.ps1; the module build it references leaves an out/ of another configuration as it is.
    & dotnet build $project -c Release --nologo -v q | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'The simulator does not build.' }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @('run', '--project', $project, '-c', 'Release', '--no-build', '--', '--port', "$port") + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $line = $null
    $setup = @()
    $dcs = @(); $drs = @(); $done = $false
    while (-not $done -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait(([TimeSpan]($deadline - [DateTime]::UtcNow)))) { break }
        if ($null -eq $read.Result) { break }
        # The paste block sets the secret first ("$sk = ConvertTo-SecureString '...' -AsPlainText -Force"), then connects with -SecretKey $sk.
        if ($read.Result -match '^\s*(\$\w+\s*=\s*ConvertTo-SecureString\b.*)$') { $setup += $Matches[1].Trim() }
        if ($read.Result -match 'Connect-HuaweiCloud\b.*') { $line = $Matches[0] }
        # The banner lists the scenario's ids: "DCS tasks: <id> (name, kind), ..." and "DRS jobs: <id> (mode, kind), ...".
        if ($read.Result -match '^\s*DCS tasks:\s*(.*)$') { $dcs = @([regex]::Matches($Matches[1], '(\S+) \(') | ForEach-Object { $_.Groups[1].Value }) }
        if ($read.Result -match '^\s*DRS jobs:\s*(.*)$') { $drs = @([regex]::Matches($Matches[1], '(\S+) \(') | ForEach-Object { $_.Groups[1].Value }) }
        $done = $read.Result -match 'Ctrl\+C'
    }
    if (-not $line) { $process.Kill($true); throw 'The simulator printed no Connect-HuaweiCloud line within 60 seconds.' }
    $null = $process.StandardOutput.ReadToEndAsync() # keep draining so the simulator never blocks on a full pipe
    $line = (@($setup) + $line) -join '; '  # one line that runs on its own (Invoke-Expression, or a script for another runspace)
    [pscustomobject]@{
        Process     = $process
        Endpoint    = "http://127.0.0.1:$port"
        ConnectLine = $line
        Region      = if ($line -match '-Region\s+([\w-]+)') { $Matches[1] } else { 'cn-north-4' }
        AccessKey   = if ($line -match '-AccessKey\s+[''"]?([^\s''"]+)') { $Matches[1] } else { $null }
        SecretKey   = if ($line -match 'ConvertTo-SecureString\s+(?:-String\s+)?[''"]([^''"]+)[''"]') { $Matches[1] } else { $null }
        DcsTaskIds  = $dcs
        DrsJobIds   = $drs
        ProjectId   = if ($line -match '-ProjectId\s+[''"]?([^\s''"]+)') { $Matches[1] } else { $null }
    }
}

# A test file may set $SimulatorArguments before dot-sourcing this file to start the simulator with other options.
$script:Sim = if (Get-Variable -Name SimulatorArguments -ErrorAction Ignore) { Start-Simulator -Arguments $SimulatorArguments } else { Start-Simulator }
function Connect-Simulator { Invoke-Expression $Sim.ConnectLine }
function ConvertTo-Secure([string] $Text) { ConvertTo-SecureString -String $Text -AsPlainText -Force }

function Get-SimRequests { @(Invoke-RestMethod -Uri "$($Sim.Endpoint)/_sim/requests") }
function Get-SimRequestCount([string] $PathPart) { @((Get-SimRequests | ConvertTo-Json -Depth 8 -Compress) | Select-String -Pattern ([regex]::Escape($PathPart)) -AllMatches | ForEach-Object { $_.Matches }).Count }
function Move-SimClock([int] $Seconds) { $null = Invoke-RestMethod -Method Post -Uri "$($Sim.Endpoint)/_sim/clock/advance?seconds=$Seconds" }
function Stop-TestSimulator {
    Disconnect-HuaweiCloud -ErrorAction SilentlyContinue
    if ($Sim -and -not $Sim.Process.HasExited) { $Sim.Process.Kill($true); $null = $Sim.Process.WaitForExit(10000) }
}

# A child pwsh like a runbook's: -NoProfile -NonInteractive, the same PowerShell as this one, and no standard input.
# Start-ChildPwsh returns the running process, its output read in the background (Output and Errors: tasks of text).
function Start-ChildPwsh {
    param([string] $Command, [string] $File, [string[]] $Arguments = @(), [hashtable] $Environment = @{})
    $apphost = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    $psi = if (Test-Path $apphost) { [System.Diagnostics.ProcessStartInfo]::new($apphost) } else {
        $p = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath); $p.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')); $p }
    foreach ($a in '-NoProfile', '-NonInteractive') { $psi.ArgumentList.Add($a) }
    if ($File) { $psi.ArgumentList.Add('-File'); $psi.ArgumentList.Add($File) } else { $psi.ArgumentList.Add('-Command'); $psi.ArgumentList.Add($Command) }
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = $Environment[$k] }
    $psi.Environment['NO_COLOR'] = '1'
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $process.StandardInput.Close()
    $process | Add-Member -NotePropertyName Output -NotePropertyValue $process.StandardOutput.ReadToEndAsync()
    $process | Add-Member -NotePropertyName Errors -NotePropertyValue $process.StandardError.ReadToEndAsync() -PassThru
}

# Runs a child pwsh (see Start-ChildPwsh) to its end; returns its exit code and everything it wrote (all streams merged) as text.
function Invoke-ChildPwsh {
    param([string] $Command, [string] $File, [string[]] $Arguments = @(), [hashtable] $Environment = @{}, [int] $TimeoutSeconds = 120)
    $process = Start-ChildPwsh -Command $Command -File $File -Arguments $Arguments -Environment $Environment
    $out = $process.Output; $err = $process.Errors
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "The child pwsh did not end within $TimeoutSeconds s." }
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $out.Result + $err.Result }
}

# The environment of a runbook-like child: the built module on PSModulePath and the simulator's credentials
# (empty ones with -NoCredentials), as an automation account provides them.
function Get-RunbookEnvironment([switch] $NoCredentials) {
    @{
        PSModulePath               = (Join-Path $Root 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
        HUAWEICLOUD_SDK_AK         = if ($NoCredentials) { '' } else { $Sim.AccessKey }
        HUAWEICLOUD_SDK_SK         = if ($NoCredentials) { '' } else { $Sim.SecretKey }
        HUAWEICLOUD_SDK_PROJECT_ID = $Sim.ProjectId
    }
}
