namespace HuaweiMigration
{
    /// <summary>The delay alarm DRS now keeps for one job, as Set-DrsJobAlarm set it.</summary>
    public sealed class DrsJobAlarm
    {
        public string JobId { get; internal set; }
        public string JobName { get; internal set; }
        /// <summary>The job's status when the alarm was set.</summary>
        public string Status { get; internal set; }
        public string EngineType { get; internal set; }
        /// <summary>The alarm fires once the incremental delay has stayed above this many seconds for 6 minutes.</summary>
        public int DelayThresholdSeconds { get; internal set; }
        public int? RtoThresholdSeconds { get; internal set; }
        public int? RpoThresholdSeconds { get; internal set; }
        /// <summary>Whether a failure of the job is also sent.</summary>
        public bool NotifyOnFailure { get; internal set; }
        /// <summary>The SMN topic, or the e-mail addresses or phone numbers, that get the alarm.</summary>
        public string Recipients { get; internal set; }

        public override string ToString() => $"{JobId} delay > {DelayThresholdSeconds}s";
    }
}
