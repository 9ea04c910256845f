using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets DRS's own delay alarm on database jobs, so the service warns when replication falls behind, with no client running.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "DrsJobAlarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TopicSet)]
    [OutputType(typeof(DrsJobAlarm))]
    public sealed class SetDrsJobAlarmCommand : DrsJobCmdlet
    {
        const string TopicSet = "Topic", EmailSet = "Email", PhoneSet = "Phone";

        /// <summary>Seconds of incremental delay; the alarm fires once the delay has stayed above it for 6 minutes.</summary>
        [Parameter(Mandatory = true)]
        [ValidateRange(1, 3600)]
        public int DelayThreshold { get; set; }

        /// <summary>The URN of the SMN topic that gets the alarm.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TopicSet)]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string TopicUrn { get; set; }

        /// <summary>E-mail addresses that get the alarm.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EmailSet)]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string[] Email { get; set; }

        /// <summary>Phone numbers that get the alarm by SMS.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PhoneSet)]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string[] Phone { get; set; }

        /// <summary>Seconds of RTO delay (the target's apply lag) that raise the alarm.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RtoThreshold { get; set; }

        /// <summary>Seconds of RPO delay (the source's capture lag) that raise the alarm.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RpoThreshold { get; set; }

        /// <summary>Also sends a message when the job fails.</summary>
        [Parameter]
        public SwitchParameter NotifyOnFailure { get; set; }

        readonly List<string> _ids = new List<string>();
        DrsAlarmSettings _settings;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _settings = new DrsAlarmSettings
            {
                DelayThresholdSeconds = DelayThreshold,
                RtoThresholdSeconds = RtoThreshold > 0 ? RtoThreshold : (int?)null,
                RpoThresholdSeconds = RpoThreshold > 0 ? RpoThreshold : (int?)null,
                NotifyOnFailure = NotifyOnFailure,
                TopicUrn = TopicUrn,
                Emails = Email ?? new string[0],
                Phones = Phone ?? new string[0],
            };
        }

        protected override void ProcessRecord()
        {
            foreach (var id in JobId)
            {
                if (_ids.Contains(id, StringComparer.OrdinalIgnoreCase)) continue;
                string name = ActiveSession.SeenDrsJobIds.NameOf(id);
                if (ShouldProcess(name == null ? id : $"{id} ({name})", $"Set the DRS delay alarm: delay over {DelayThreshold} s for 6 minutes, to {_settings.Recipients}"))
                    _ids.Add(id);
            }
        }

        protected override void EndProcessing()
        {
            if (_ids.Count == 0) return;
            IReadOnlyDictionary<string, DrsJob> jobs;
            try
            {
                jobs = Run(ct => DrsAlarmClient.FindJobsAsync(ActiveSession.Drs, _ids, RequestLog, ct));
            }
            catch (HuaweiApiException ex)
            {
                Flush();
                foreach (var id in _ids) if (!HoldNotSent(MigrationService.Drs, id, ex)) WriteError(ToErrorRecord(ex, id));
                WriteHeldNotSent();
                return;
            }
            Flush();

            // Every refusal comes before the first request, so a stopped or full-only job never reaches the service.
            var eligible = new List<DrsJob>();
            foreach (var id in _ids)
            {
                var refusal = DrsAlarmRule.Refusal(id, jobs, out var job);
                if (refusal != null) WriteError(ToErrorRecord(refusal, id));
                else eligible.Add(job);
            }

            var alarms = new DrsAlarmClient(ActiveSession.Http, ActiveSession.Endpoints.Drs, ActiveSession.ProjectId);
            for (int i = 0; i < eligible.Count; i += DrsAlarmClient.MaxBatchSize)
            {
                var batch = eligible.Skip(i).Take(DrsAlarmClient.MaxBatchSize).ToList();
                IReadOnlyList<HuaweiApiException> results;
                try
                {
                    results = Run(ct => alarms.SetAsync(batch, _settings, RequestLog, ct));
                }
                catch (HuaweiApiException ex)
                {
                    Flush();
                    foreach (var job in batch) if (!HoldNotSent(MigrationService.Drs, job.Id, ex)) WriteError(ToErrorRecord(ex, job.Id));
                    continue;
                }
                Flush();
                for (int j = 0; j < batch.Count; j++)
                {
                    if (results[j] != null) { WriteError(ToErrorRecord(results[j], batch[j].Id)); continue; }
                    WriteVerboseLine($"DRS job {batch[j].Id}: delay alarm set at {DelayThreshold} s.");
                    WriteObject(DrsAlarmRule.Applied(batch[j], _settings));
                }
            }
            WriteHeldNotSent();
        }
    }
}
