#Requires -Version 7.0
# Pester 5. Set-DrsJobAlarm against the simulator, which records each job's alarm settings (GET /_sim/alarms).
BeforeDiscovery {
    $script:NoSimulator = -not (Test-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'src/HuaweiMigration.Simulator'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSimulator.ps1')
    Connect-Simulator
    function Get-SimAlarms { Invoke-RestMethod -Uri "$($Sim.Endpoint)/_sim/alarms" }
    # The demo's full + incremental jobs, and a full-only one.
    $script:Jobs = @(Get-DrsJob)
    $script:Incremental = @($Jobs | Where-Object { $_.TaskMode -eq 'FULL_INCR_TRANS' -and $_.Status -notlike 'RELEASE_*' })
    $script:FullOnly = @($Jobs | Where-Object TaskMode -eq 'FULL_TRANS')
}

AfterAll { Stop-TestSimulator }

Describe 'Set-DrsJobAlarm' -Skip:$NoSimulator {
    It 'sends nothing with -WhatIf' {
        $before = (Get-SimRequests).count
        $out = @(Set-DrsJobAlarm -JobId $Incremental[0].Id -DelayThreshold 60 -Email ops@example.com -WhatIf)
        $out.Count | Should -Be 0
        (Get-SimRequests).count | Should -Be $before
    }

    It 'sets the alarm of piped jobs, and the service keeps it' {
        $out = @($Incremental | Set-DrsJobAlarm -DelayThreshold 90 -Phone '+8613800000000' -NotifyOnFailure)
        $out.Count | Should -Be $Incremental.Count
        $out[0] | Should -BeOfType HuaweiMigration.DrsJobAlarm
        $kept = (Get-SimAlarms).($Incremental[0].Id)
        $kept.delay_time | Should -Be 90
        $kept.alarm_to_user | Should -BeTrue
        $kept.subscriptions[0].protocol | Should -Be 'sms'
    }

    It 'refuses a full-only job before any request, with its id as target' {
        $before = Get-SimRequestCount 'batch-set-smn'
        Set-DrsJobAlarm -JobId $FullOnly[0].Id -DelayThreshold 60 -TopicUrn 'urn:smn:cn-north-4:0123:dba' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'JobNotIncremental,HuaweiMigration.Commands.SetDrsJobAlarmCommand'
        $failed[0].TargetObject | Should -Be $FullOnly[0].Id
        Get-SimRequestCount 'batch-set-smn' | Should -Be $before
    }
}
