using System;

namespace HuaweiMigration
{
    /// <summary>A DCS (Redis) data migration task, from the task details or the task list.</summary>
    public sealed class DcsMigrationTask
    {
        public string TaskId { get; internal set; }
        public string TaskName { get; internal set; }
        public string Description { get; internal set; }
        /// <summary>SUCCESS, FAILED, MIGRATING, FULLMIGRATING, INCRMIGEATING, RUNNING, ... (open-ended).</summary>
        public string Status { get; internal set; }
        /// <summary>backupfile_import or online_migration.</summary>
        public string MigrationType { get; internal set; }
        /// <summary>full_amount_migration or incremental_migration.</summary>
        public string MigrationMethod { get; internal set; }
        public string DataSource { get; internal set; }
        public string NetworkType { get; internal set; }
        public DcsMigrationInstance SourceInstance { get; internal set; }
        public DcsMigrationInstance TargetInstance { get; internal set; }
        public DcsBackupFiles BackupFiles { get; internal set; }
        public string EcsTenantPrivateIp { get; internal set; }
        /// <summary>Creation time; the service gives it without a zone, and the module reads it as UTC. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime? CreatedAt => CreatedAtUtc?.ToLocalTime();
        /// <summary>CreatedAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime? CreatedAtUtc { get; internal set; }
        /// <summary>Completion time. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime? UpdatedAt => UpdatedAtUtc?.ToLocalTime();
        /// <summary>UpdatedAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime? UpdatedAtUtc { get; internal set; }
        /// <summary>When the migration ECS was released. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime? ReleasedAt => ReleasedAtUtc?.ToLocalTime();
        /// <summary>ReleasedAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime? ReleasedAtUtc { get; internal set; }
        public string Version { get; internal set; }
        /// <summary>auto or manual.</summary>
        public string ResumeMode { get; internal set; }
        /// <summary>The features the task supports; its text lists them, for Export-Csv.</summary>
        public ValueList<string> SupportedFeatures { get; internal set; }
        public string VpcId { get; internal set; }
        public string SubnetId { get; internal set; }
        public string SecurityGroupId { get; internal set; }
        /// <summary>Bandwidth limit in MB, when one is set.</summary>
        public long? BandwidthLimitMb { get; internal set; }
        /// <summary>The IP switch state beside Status: EXCHANGING, EXCHANGE_SUCCESS, ROLLBACKING or ROLLBACK_SUCCESS; empty before any switch.</summary>
        public string TaskStatus { get; internal set; }
        /// <summary>
        /// False when the object came from the task list, which carries only summary fields: Description, NetworkType, the
        /// instances' addresses, BackupFiles, EcsTenantPrivateIp, UpdatedAt, ReleasedAt, Version, ResumeMode, SupportedFeatures,
        /// VpcId, SubnetId, SecurityGroupId, BandwidthLimitMb and TaskStatus may then be empty. Get-DcsMigrationTask -Detailed
        /// or -TaskId reads them.
        /// </summary>
        public bool IsDetailed { get; internal set; }

        public override string ToString() => TaskId;
    }

    /// <summary>The source or target Redis of a DCS migration task. The password is never kept.</summary>
    public sealed class DcsMigrationInstance
    {
        public string Id { get; internal set; }
        public string Name { get; internal set; }
        public string Address { get; internal set; }
        public string Ip { get; internal set; }
        public int? Port { get; internal set; }
        public string Db { get; internal set; }
        public bool? ProxyMultiDb { get; internal set; }
        public string TaskStatus { get; internal set; }

        public override string ToString() => Name ?? Address ?? Id ?? string.Empty;
    }

    /// <summary>The backup files a backup-import task reads.</summary>
    public sealed class DcsBackupFiles
    {
        /// <summary>self_build_obs or backup_record.</summary>
        public string FileSource { get; internal set; }
        public string BucketName { get; internal set; }
        public string BackupId { get; internal set; }
        public DcsBackupFile[] Files { get; internal set; }

        public override string ToString() => BucketName ?? BackupId ?? FileSource ?? string.Empty;
    }

    public sealed class DcsBackupFile
    {
        public string FileName { get; internal set; }
        public long? Size { get; internal set; }
        /// <summary>When the file was last changed. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime? UpdatedAt => UpdatedAtUtc?.ToLocalTime();
        /// <summary>UpdatedAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime? UpdatedAtUtc { get; internal set; }

        public override string ToString() => FileName;
    }
}
