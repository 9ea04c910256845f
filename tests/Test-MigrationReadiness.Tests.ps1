#Requires -Version 7.0
# Pester 5. Test-MigrationReadiness and the DRS comparison cmdlets in a real pwsh against the demo scenario:
# one job becomes ready, one is inconsistent, and what is not known never reads as ready.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
    # The demo's jobs, in the banner's order: full-only, sync (consistent), failing, disaster recovery (one table differs).
    $script:FullOnly, $script:Sync, $script:Failing, $script:Ledger = $Sim.DrsJobIds
    Move-SimClock 400
}

AfterAll { Stop-TestSimulator }

Describe 'Start-DrsComparison' {
    It 'sends nothing with -WhatIf' {
        $before = @(Get-SimRequests).Count
        Start-DrsComparison -JobId $Sync, $Ledger -WhatIf
        @(Get-SimRequests).Count | Should -Be $before
    }

    It 'refuses a job outside incremental migration with ComparisonNotAllowed and the job id as target' {
        Start-DrsComparison -JobId $FullOnly -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'ComparisonNotAllowed,HuaweiMigration.Commands.StartDrsComparisonCommand'
        $failed[0].TargetObject | Should -Be $FullOnly
        Get-SimRequestCount "/jobs/$FullOnly/object/compare" | Should -Be 0
    }
}

Describe 'Test-MigrationReadiness' {
    BeforeAll {
        $script:Started = @(Start-DrsComparison -JobId $Sync, $Ledger -Confirm:$false -PassThru)
        Move-SimClock 120
    }

    It 'started an object-level and a row comparison per job' {
        $Started.Count | Should -Be 4
        ($Started | Group-Object JobId).Count | Should -Be 2
    }

    It 'calls the consistent job ready and the other not, naming the database' {
        $verdicts = @(Test-MigrationReadiness -DrsJobId $Sync, $Ledger)
        $verdicts[0].IsReady | Should -BeTrue
        $verdicts[1].IsReady | Should -BeFalse
        $verdicts[1].Blockers.Code | Should -Be 'Inconsistent'
        $verdicts[1].Blockers.Message | Should -Match 'db1'
        Test-MigrationReadiness -DrsJobId $Sync -Quiet | Should -BeTrue
        Get-DrsJob -JobId $Sync, $Ledger | Test-MigrationReadiness -Quiet | Should -BeFalse
    }

    It 'makes an unknown job not ready without an error record' {
        $v = Test-MigrationReadiness -DrsJobId 'no-such-job' -ErrorVariable failed
        $failed.Count | Should -Be 0
        $v.Blockers.Code | Should -Be 'ReadFailed'
    }

    It 'lists the differing table with -Detail' {
        $items = @(Get-DrsComparison -JobId $Ledger -Type Rows -Detail | Where-Object Result -ne 'Consistent')
        $items.Subject | Should -Be 'db1.table_000001'
    }
}

Describe 'Test-MigrationReadiness piped into Stop-DrsJob -RequireReady' {
    # Runs last: it stops the consistent job.
    It 'stops the ready job, refuses the inconsistent one with NotReady, and sends nothing for it' {
        $before = Get-SimRequestCount 'batch-jobs'
        $stopped = @(Test-MigrationReadiness -DrsJobId $Sync, $Ledger | Stop-DrsJob -RequireReady -Force -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'NotReady,HuaweiMigration.Commands.StopDrsJobCommand'
        $failed[0].TargetObject | Should -Be $Ledger
        $stopped.JobId | Should -Be $Sync
        Get-SimRequestCount 'batch-jobs' | Should -Be ($before + 1)
        $sent = @((Get-SimRequests).requests | Where-Object route -eq 'drs.stop' | Select-Object -Last 1)
        $sent.body | Should -Match ([regex]::Escape($Sync))
        $sent.body | Should -Not -Match ([regex]::Escape($Ledger))
    }
}
