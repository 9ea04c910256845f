using System.Collections.Generic;
using System.Text.Json.Serialization;
using HuaweiMigration.Core;

namespace HuaweiMigration.Dcs
{
    // Wire shapes of the DCS v2 migration APIs. Passwords are deliberately not mapped, so they are
    // dropped by the parser and never reach an object, a stream or an error message.

    internal sealed class DcsTaskListWire
    {
        [JsonPropertyName("count"), JsonConverter(typeof(FlexibleLongConverter))] public long? Count { get; set; }
        [JsonPropertyName("migration_tasks")] public List<DcsTaskWire> MigrationTasks { get; set; }
    }

    internal sealed class DcsTaskWire
    {
        [JsonPropertyName("task_id"), JsonConverter(typeof(FlexibleStringConverter))] public string TaskId { get; set; }
        [JsonPropertyName("task_name"), JsonConverter(typeof(FlexibleStringConverter))] public string TaskName { get; set; }
        [JsonPropertyName("description"), JsonConverter(typeof(FlexibleStringConverter))] public string Description { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
        [JsonPropertyName("migration_type"), JsonConverter(typeof(FlexibleStringConverter))] public string MigrationType { get; set; }
        [JsonPropertyName("migration_method"), JsonConverter(typeof(FlexibleStringConverter))] public string MigrationMethod { get; set; }
        [JsonPropertyName("data_source"), JsonConverter(typeof(FlexibleStringConverter))] public string DataSource { get; set; }
        [JsonPropertyName("ecs_tenant_private_ip"), JsonConverter(typeof(FlexibleStringConverter))] public string EcsTenantPrivateIp { get; set; }
        [JsonPropertyName("backup_files")] public DcsBackupFilesWire BackupFiles { get; set; }
        [JsonPropertyName("network_type"), JsonConverter(typeof(FlexibleStringConverter))] public string NetworkType { get; set; }
        [JsonPropertyName("source_instance")] public DcsInstanceWire SourceInstance { get; set; }
        [JsonPropertyName("target_instance")] public DcsInstanceWire TargetInstance { get; set; }
        [JsonPropertyName("source_instance_name"), JsonConverter(typeof(FlexibleStringConverter))] public string SourceInstanceName { get; set; }
        [JsonPropertyName("target_instance_name"), JsonConverter(typeof(FlexibleStringConverter))] public string TargetInstanceName { get; set; }
        [JsonPropertyName("created_at"), JsonConverter(typeof(FlexibleStringConverter))] public string CreatedAt { get; set; }
        [JsonPropertyName("updated_at"), JsonConverter(typeof(FlexibleStringConverter))] public string UpdatedAt { get; set; }
        [JsonPropertyName("released_at"), JsonConverter(typeof(FlexibleStringConverter))] public string ReleasedAt { get; set; }
        [JsonPropertyName("version"), JsonConverter(typeof(FlexibleStringConverter))] public string Version { get; set; }
        [JsonPropertyName("resume_mode"), JsonConverter(typeof(FlexibleStringConverter))] public string ResumeMode { get; set; }
        [JsonPropertyName("supported_features")] public List<string> SupportedFeatures { get; set; }
        [JsonPropertyName("tenant_vpc_id"), JsonConverter(typeof(FlexibleStringConverter))] public string VpcId { get; set; }
        [JsonPropertyName("tenant_subnet_id"), JsonConverter(typeof(FlexibleStringConverter))] public string SubnetId { get; set; }
        [JsonPropertyName("tenant_security_group_id"), JsonConverter(typeof(FlexibleStringConverter))] public string SecurityGroupId { get; set; }
        [JsonPropertyName("bandwidth_limit_mb"), JsonConverter(typeof(FlexibleStringConverter))] public string BandwidthLimitMb { get; set; }
        [JsonPropertyName("task_status"), JsonConverter(typeof(FlexibleStringConverter))] public string TaskStatus { get; set; }
    }

    internal sealed class DcsInstanceWire
    {
        [JsonPropertyName("id"), JsonConverter(typeof(FlexibleStringConverter))] public string Id { get; set; }
        [JsonPropertyName("name"), JsonConverter(typeof(FlexibleStringConverter))] public string Name { get; set; }
        [JsonPropertyName("addrs"), JsonConverter(typeof(FlexibleStringConverter))] public string Addrs { get; set; }
        [JsonPropertyName("ip"), JsonConverter(typeof(FlexibleStringConverter))] public string Ip { get; set; }
        [JsonPropertyName("port"), JsonConverter(typeof(FlexibleLongConverter))] public long? Port { get; set; }
        [JsonPropertyName("db"), JsonConverter(typeof(FlexibleStringConverter))] public string Db { get; set; }
        [JsonPropertyName("proxy_multi_db"), JsonConverter(typeof(FlexibleBoolConverter))] public bool? ProxyMultiDb { get; set; }
        [JsonPropertyName("task_status"), JsonConverter(typeof(FlexibleStringConverter))] public string TaskStatus { get; set; }
    }

    internal sealed class DcsBackupFilesWire
    {
        [JsonPropertyName("file_source"), JsonConverter(typeof(FlexibleStringConverter))] public string FileSource { get; set; }
        [JsonPropertyName("bucket_name"), JsonConverter(typeof(FlexibleStringConverter))] public string BucketName { get; set; }
        [JsonPropertyName("backup_id"), JsonConverter(typeof(FlexibleStringConverter))] public string BackupId { get; set; }
        [JsonPropertyName("files")] public List<DcsBackupFileWire> Files { get; set; }
    }

    internal sealed class DcsBackupFileWire
    {
        [JsonPropertyName("file_name"), JsonConverter(typeof(FlexibleStringConverter))] public string FileName { get; set; }
        [JsonPropertyName("size"), JsonConverter(typeof(FlexibleLongConverter))] public long? Size { get; set; }
        [JsonPropertyName("update_at"), JsonConverter(typeof(FlexibleStringConverter))] public string UpdateAt { get; set; }
    }

    internal sealed class DcsStatsWire
    {
        [JsonPropertyName("full_migration_progress"), JsonConverter(typeof(FlexibleDoubleConverter))] public double? FullMigrationProgress { get; set; }
        [JsonPropertyName("offset"), JsonConverter(typeof(FlexibleLongConverter))] public long? Offset { get; set; }
        [JsonPropertyName("source_dbsize"), JsonConverter(typeof(FlexibleLongConverter))] public long? SourceDbSize { get; set; }
        [JsonPropertyName("target_dbsize"), JsonConverter(typeof(FlexibleLongConverter))] public long? TargetDbSize { get; set; }
        [JsonPropertyName("target_input_kbps"), JsonConverter(typeof(FlexibleDoubleConverter))] public double? TargetInputKbps { get; set; }
        [JsonPropertyName("target_ops"), JsonConverter(typeof(FlexibleLongConverter))] public long? TargetOps { get; set; }
        [JsonPropertyName("is_migrating"), JsonConverter(typeof(FlexibleBoolConverter))] public bool? IsMigrating { get; set; }
    }
}
