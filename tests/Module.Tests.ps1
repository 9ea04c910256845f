#Requires -Version 7.0
# Pester 5. What only a real pwsh shows: the default views at 80 and 120 columns, ConvertTo-Json and Export-Csv of
# each output type, ForEach-Object -Parallel and thread jobs, and completion through TabExpansion2.
# (-Debug under pwsh -NonInteractive: NonInteractive.Tests.ps1.)
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
    $script:ModuleManifest = Join-Path $Root 'out/HuaweiMigration/HuaweiMigration.psd1'
    $script:TableJob = $Sim.DrsJobIds | Where-Object { @(Get-DrsJobProgress -JobId $_ -ObjectType table -First 1 -ErrorAction SilentlyContinue).Count -ge 1 } | Select-Object -First 1
    # One object of every output type, read from the simulator.
    $script:Samples = [ordered]@{
        HuaweiCloudSession = @(Get-HuaweiCloudSession)
        DcsMigrationTask   = @(Get-DcsMigrationTask)
        DcsMigrationStats  = @(Get-DcsMigrationTask | Get-DcsMigrationStats)
        DrsJob             = @(Get-DrsJob)
        DrsJobProgress     = @(Get-DrsJobProgress -JobId $Sim.DrsJobIds)
        DrsObjectProgress  = @(Get-DrsJobProgress -JobId $TableJob -ObjectType table -First 3)
        MigrationStatus    = @(Watch-Migration -DcsTaskId $Sim.DcsTaskIds[0] -DrsJobId $Sim.DrsJobIds[0] -Until CaughtUp -Interval 1 -Timeout 2 -ErrorAction SilentlyContinue)
        DrsJobAlarm        = @(Set-DrsJobAlarm -JobId $Sim.DrsJobIds[1] -DelayThreshold 60 -Email 'dba-oncall@example.com', 'ops@example.com')
    }
    # Comparisons need a job in incremental migration: move the demo on until its sync job replicates changes.
    Move-SimClock 400
    $incremental = @(Get-DrsJobProgress -JobId $Sim.DrsJobIds | Where-Object TransferStatus -eq 'INCRE_TRANSFER_STARTED')[0].JobId
    $Samples.DrsComparison = @(Start-DrsComparison -JobId $incremental -Confirm:$false -PassThru)
    Move-SimClock 120
    $Samples.DrsComparisonItem = @(Get-DrsComparison -JobId $incremental -Type Rows -Detail | Select-Object -First 5)
    $Samples.MigrationReadiness = @(Test-MigrationReadiness -DrsJobId $Sim.DrsJobIds -DcsTaskId $Sim.DcsTaskIds)

    # The table as the user sees it: header line, dashes, rows.
    function Get-TableText($InputObject, [int] $Width) {
        @(($InputObject | Format-Table | Out-String -Width $Width) -split "\r?\n" | Where-Object { $_.Trim() })
    }
}

AfterAll { Stop-TestSimulator }

Describe 'Default table views' {
    It '<Type> keeps <Columns> at 80 columns, one header line, nothing wider' -ForEach @(
        @{ Type = 'HuaweiCloudSession'; Columns = @('Region', 'ProjectId', 'Credential') }
        @{ Type = 'DcsMigrationTask'; Columns = @('TaskId', 'TaskName', 'Status') }
        @{ Type = 'DcsMigrationStats'; Columns = @('TaskId', 'Progress(%)', 'Keys left') }
        @{ Type = 'DrsJob'; Columns = @('Id', 'Name', 'Status') }
        @{ Type = 'DrsJobProgress'; Columns = @('JobId', 'Status', 'Done%', 'Delay', 'Left') }
        @{ Type = 'DrsObjectProgress'; Columns = @('Job', 'Source object', 'Done%') }
        @{ Type = 'MigrationStatus'; Columns = @('Svc', 'Name', 'Phase', 'Done%', 'Met', 'Ready', 'Lag', 'ETA') }
        @{ Type = 'MigrationReadiness'; Columns = @('Svc', 'Name', 'Ready', 'Blockers') }
        @{ Type = 'DrsComparison'; Columns = @('Job', 'Type', 'Status', 'Result', 'Inconsistent') }
        @{ Type = 'DrsComparisonItem'; Columns = @('Subject', 'Source', 'Target', 'Diff', 'Result') }
        @{ Type = 'DrsJobAlarm'; Columns = @('JobId', 'Delay(s)', 'Recipients') }
    ) {
        $objects = $Samples[$Type]
        $objects.Count | Should -BeGreaterThan 0 -Because "the simulator gives $Type objects"
        foreach ($width in 80, 120) {
            $lines = Get-TableText $objects $width
            $header = @($lines[0] -split '\s{1,}' | Where-Object { $_ })
            # A header that wraps puts its second line where the dashes belong.
            $lines[1] | Should -Match '^[\s-]+$' -Because "the header of $Type fits one line at $width columns"
            foreach ($c in $Columns) { $lines[0] | Should -Match ("(^|\s)" + [regex]::Escape($c) + "(\s|$)") -Because "$Type shows $c at $width columns" }
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $width }
        }
    }

    It 'names the job of each DRS object at 80 columns, by its id when the name is unknown' {
        $named = @($Samples.DrsObjectProgress | Where-Object JobName)
        $named.Count | Should -BeGreaterThan 0 -Because 'the session read the job list before, so the rows carry its name'
        $rows = @(Get-TableText $named 80 | Select-Object -Skip 2)
        $rows[0] | Should -Match ('^' + [regex]::Escape($named[0].JobName.Substring(0, [Math]::Min(8, $named[0].JobName.Length))))
        $unnamed = [pscustomobject]@{ JobId = 'job-without-name-0001'; JobName = $null; ObjectType = 'table'; Progress = 50; SourceDatabase = 'db1'; SourceObject = 't1'; TargetObject = 't1' }
        $unnamed.PSObject.TypeNames.Insert(0, 'HuaweiMigration.DrsObjectProgress')
        (Get-TableText $unnamed 80)[2] | Should -Match '^job-without-nam'
    }

    It 'shows whole names and the incremental columns of a watch at 120 columns' {
        $lines = Get-TableText $Samples.MigrationStatus 120
        $lines[0] | Should -Match '\bLag\b'
        $lines[0] | Should -Match '\bETA\b'
        $lines[0] | Should -Match '\bStatus\b'
        # Name has a bounded width, so Phase and Met stay near it however wide the console.
        $lines[0].IndexOf('Met') | Should -BeLessThan 50
        foreach ($s in $Samples.MigrationStatus) { ($lines -join "`n") | Should -Match ([regex]::Escape($s.Status)) }
        $tasks = Get-TableText $Samples.DcsMigrationTask 120
        (Get-TableText $Samples.DcsMigrationTask 160)[0] | Should -Match 'Target\s+IpSwitch\b' -Because 'the IP switch state (TaskStatus) follows Source and Target, which stay whole at 120'
        foreach ($t in $Samples.DcsMigrationTask) { ($tasks -join "`n") | Should -Match ([regex]::Escape($t.TaskName)) }
    }

    It 'keeps the endpoint of a session at 80 columns' {
        $text = (Get-TableText $Samples.HuaweiCloudSession 80) -join "`n"
        $text | Should -Match '\bEndpoint\b'
        $text | Should -Match ([regex]::Escape(([uri]$Sim.Endpoint).Authority))
        # The star column marks the default session, also in the list of held sessions.
        $kept = Invoke-Expression "$($Sim.ConnectLine) -PassThru"
        $other = Invoke-Expression "$($Sim.ConnectLine) -PassThru"
        try {
            $kept | Set-HuaweiCloudSession
            $lines = Get-TableText (Get-HuaweiCloudSession -ListAvailable) 80
            $lines[0] | Should -Match '^\* Region\b'
            @($lines | Select-Object -Skip 2 | Where-Object { $_ -match '^\* ' }).Count | Should -Be 1
            @($lines | Select-Object -Skip 2 | Where-Object { $_ -match '^\s+\S' }).Count | Should -Be 1
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        }
        finally { Disconnect-HuaweiCloud -Session $other }
    }

    It 'keeps Source and Target of a task uncut, and the task names of stats, at 120 columns' {
        $tasks = (Get-TableText $Samples.DcsMigrationTask 120) -join "`n"
        foreach ($t in $Samples.DcsMigrationTask) {
            $tasks | Should -Match ([regex]::Escape("$($t.SourceInstance)"))
            $tasks | Should -Match ([regex]::Escape("$($t.TargetInstance)"))
        }
        $stats = (Get-TableText $Samples.DcsMigrationStats 120) -join "`n"
        $stats | Should -Match '\bTaskName\b'
        foreach ($s in $Samples.DcsMigrationStats) { $stats | Should -Match ([regex]::Escape($s.TaskName)) }
    }

    It 'writes durations in the tables as compact text' {
        $timed = @($Samples.DrsJobProgress | Where-Object { $null -ne $_.RemainingTime -or $null -ne $_.IncrementalDelay })
        $timed.Count | Should -BeGreaterThan 0
        $text = (Get-TableText $timed 80) -join "`n"
        $text | Should -Not -Match '\d\d:\d\d:\d\d'
        $text | Should -Match '\d+[smhd]\b'
    }
}

Describe 'ConvertTo-Json and Export-Csv' {
    It 'writes <Type> as JSON that reads back with names for enums and seconds for durations' -ForEach @(
        @{ Type = 'HuaweiCloudSession' }, @{ Type = 'DcsMigrationTask' }, @{ Type = 'DcsMigrationStats' },
        @{ Type = 'DrsJob' }, @{ Type = 'DrsJobProgress' }, @{ Type = 'DrsObjectProgress' }, @{ Type = 'MigrationStatus' },
        @{ Type = 'MigrationReadiness' }, @{ Type = 'DrsComparison' }, @{ Type = 'DrsComparisonItem' }, @{ Type = 'DrsJobAlarm' }
    ) {
        $json = $Samples[$Type] | ConvertTo-Json -Depth 5
        $back = @($json | ConvertFrom-Json)
        $back.Count | Should -Be $Samples[$Type].Count
        $json | Should -Not -Match 'SecretKey|"password"' -Because 'no secret goes into JSON'
    }

    It 'gives each enum of a watch status a name beside it' {
        $back = @($Samples.MigrationStatus | ConvertTo-Json -Depth 5 | ConvertFrom-Json)
        foreach ($s in $back) {
            $s.ServiceName | Should -BeIn 'Dcs', 'Drs'
            $s.PhaseName | Should -BeIn ([enum]::GetNames([HuaweiMigration.MigrationPhase]))
            $s.ConditionName | Should -Be 'CaughtUp'
        }
    }

    It 'gives durations as seconds beside the TimeSpan' {
        $job = $Samples.DrsJobProgress | Where-Object RemainingTime -ne $null | Select-Object -First 1
        $job | Should -Not -BeNullOrEmpty
        $back = $job | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $back.RemainingTimeSeconds | Should -BeOfType [double]
        $back.RemainingTimeSeconds | Should -Be $job.RemainingTime.TotalSeconds
        ($Samples.HuaweiCloudSession[0] | ConvertTo-Json | ConvertFrom-Json).RequestTimeoutSeconds | Should -BeGreaterThan 0
    }

    It 'writes <Type> to CSV with no type names where values belong' -ForEach @(
        @{ Type = 'DcsMigrationTask' }, @{ Type = 'DcsMigrationStats' }, @{ Type = 'DrsJob' }, @{ Type = 'DrsJobProgress' },
        @{ Type = 'DrsObjectProgress' }, @{ Type = 'MigrationStatus' }, @{ Type = 'HuaweiCloudSession' },
        @{ Type = 'MigrationReadiness' }, @{ Type = 'DrsComparison' }, @{ Type = 'DrsComparisonItem' }, @{ Type = 'DrsJobAlarm' }
    ) {
        $path = Join-Path $TestDrive "$Type.csv"
        $Samples[$Type] | Export-Csv -Path $path
        $text = Get-Content -Raw $path
        $text | Should -Not -Match '\[\]"' -Because 'arrays are written as their items'
        $text | Should -Not -Match 'System\.'
        @(Import-Csv $path).Count | Should -Be $Samples[$Type].Count
    }

    It 'lists DRS parts and DCS features readably in CSV' {
        $job = $Samples.DrsJobProgress | Where-Object { $_.Parts.Count -gt 0 } | Select-Object -First 1
        $row = $job | ConvertTo-Csv | ConvertFrom-Csv
        $row.Parts | Should -Be ($job.Parts -join ', ')
        $row.Parts | Should -Match '%'
        $back = $job | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        @($back.Parts).Count | Should -Be $job.Parts.Count
    }
}

Describe 'Runspaces: ForEach-Object -Parallel and thread jobs' {
    It 'uses a session handed in with $using:' {
        $s = Invoke-Expression ($Sim.ConnectLine + ' -PassThru')
        $m = $ModuleManifest
        $counts = 1..3 | ForEach-Object -Parallel { Import-Module $using:m; @(Get-DcsMigrationTask -Session $using:s).Count } -ThrottleLimit 3
        $counts | Should -Be @(($Sim.DcsTaskIds.Count), ($Sim.DcsTaskIds.Count), ($Sim.DcsTaskIds.Count))
        $jobIds = $Sim.DrsJobIds
        $job = Start-ThreadJob { Import-Module $using:m; @(Get-DrsJobProgress -JobId $using:jobIds -Session $using:s).Count }
        $job | Wait-Job -Timeout 60 | Receive-Job | Should -Be $Sim.DrsJobIds.Count
        $job | Remove-Job -Force
    }

    It 'lets no default session into another runspace' {
        Connect-Simulator
        $m = $ModuleManifest
        $ids = 1..2 | ForEach-Object -Parallel {
            Import-Module $using:m
            try { Get-DcsMigrationTask -ErrorAction Stop | Out-Null; 'connected' } catch { $_.FullyQualifiedErrorId }
        }
        $ids | ForEach-Object { $_ | Should -BeLike 'NotConnected,*' }
        $job = Start-ThreadJob { Import-Module $using:m; try { Get-DcsMigrationTask -ErrorAction Stop | Out-Null; 'connected' } catch { $_.FullyQualifiedErrorId } }
        $job | Wait-Job -Timeout 60 | Receive-Job | Should -BeLike 'NotConnected,*'
        $job | Remove-Job -Force
    }
}

Describe 'Tab completion' {
    BeforeAll {
        Connect-Simulator
        $null = Get-DcsMigrationTask
        $null = Get-DrsJobProgress -JobId $Sim.DrsJobIds
        function Get-Completion([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
    }

    It 'completes -Region' { Get-Completion 'Connect-HuaweiCloud -Region cn-north-' | Should -Contain 'cn-north-4' }
    It 'completes -ObjectType' { Get-Completion 'Get-DrsJobProgress -JobId x -ObjectType tab' | Should -Contain 'table' }
    It 'completes -Status' { Get-Completion 'Get-DcsMigrationTask -Status FULL' | Should -Contain 'FULLMIGRATING' }
    It 'completes the DCS task ids the session has seen' {
        $id = $Sim.DcsTaskIds[0]
        Get-Completion ('Get-DcsMigrationStats -TaskId ' + $id.Substring(0, 6)) | Should -Contain $id
    }
    It 'completes the DRS job ids the session has seen' {
        $id = $Sim.DrsJobIds[0]
        Get-Completion ('Watch-Migration -DrsJobId ' + $id.Substring(0, 6)) | Should -Contain $id
    }
}
