using System;

namespace HuaweiMigration
{
    /// <summary>One DRS job from the job list (ShowJobList): a migration, synchronization or disaster-recovery job.</summary>
    public sealed class DrsJob
    {
        /// <summary>The job id.</summary>
        public string Id { get; internal set; }
        /// <summary>The job id again, so that piped jobs bind to -JobId by property name.</summary>
        public string JobId => Id;
        public string Name { get; internal set; }
        /// <summary>The service's status code: CREATING, FULL_TRANSFER_STARTED, INCRE_TRANSFER_STARTED, ... (open-ended).</summary>
        public string Status { get; internal set; }
        public string Description { get; internal set; }
        /// <summary>When the job was created. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime? CreatedAt => CreatedAtUtc?.ToLocalTime();
        /// <summary>CreatedAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime? CreatedAtUtc { get; internal set; }
        /// <summary>The engine, e.g. mysql, mongodb, cloudDataGuard-mysql.</summary>
        public string EngineType { get; internal set; }
        /// <summary>vpn, vpc or eip.</summary>
        public string NetType { get; internal set; }
        /// <summary>up (into the cloud) or down (out of it).</summary>
        public string JobDirection { get; internal set; }
        /// <summary>The scene (db_use_type): migration, sync or cloudDataGuard.</summary>
        public string JobType { get; internal set; }
        /// <summary>FULL_TRANS, INCR_TRANS or FULL_INCR_TRANS (task_type).</summary>
        public string TaskMode { get; internal set; }
        /// <summary>The child jobs of a parent job; empty for a plain job. Its text lists their ids, for Export-Csv.</summary>
        public ValueList<DrsJob> Children { get; internal set; }

        public override string ToString() => Id;
    }
}
