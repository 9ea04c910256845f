using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HuaweiMigration.Simulator
{
    /// <summary>What the simulated cloud holds: one region and project, who may sign in, and the migrations with their timelines.</summary>
    public sealed class Scenario
    {
        public string Region { get; set; } = "cn-north-4";
        public string ProjectId { get; set; } = "0123456789abcdef0123456789abcdef";
        /// <summary>Simulated seconds per real second; 0 freezes the clock (tests then move it with Advance).</summary>
        public double TimeScale { get; set; } = 1;
        public int TokenLifetimeSeconds { get; set; } = 86400;
        public List<AccessKeyCredential> Credentials { get; set; } = new();
        public List<IamUser> Users { get; set; } = new();
        /// <summary>Tokens accepted as X-Auth-Token without a sign-in; they never expire.</summary>
        public List<string> Tokens { get; set; } = new();
        public List<SimulatedDcsTask> DcsTasks { get; set; } = new();
        public List<SimulatedDrsJob> DrsJobs { get; set; } = new();
        /// <summary>Simulated seconds a stopped DCS task reads TERMINATING before it reads TERMINATED.</summary>
        public double StopSeconds { get; set; } = 1;
        /// <summary>Simulated seconds a stopped DRS job reads RELEASE_RESOURCE_STARTED before it is released (or fails to be).</summary>
        public double ReleaseSeconds { get; set; } = 2;
        /// <summary>Simulated seconds a DCS IP switch or rollback takes before task_status reads EXCHANGE_SUCCESS or ROLLBACK_SUCCESS.</summary>
        public double SwitchSeconds { get; set; } = 2;

        /// <summary>A label for logs and the start banner.</summary>
        [JsonIgnore] public string Name { get; set; } = "custom";

        internal static readonly JsonSerializerOptions JsonOptions = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };

        public static Scenario Parse(string json)
        {
            var scenario = JsonSerializer.Deserialize<Scenario>(json, JsonOptions)
                ?? throw new FormatException("The scenario is empty.");
            scenario.Validate();
            return scenario;
        }

        public static Scenario LoadFile(string path)
        {
            var scenario = Parse(File.ReadAllText(path));
            scenario.Name = Path.GetFileName(path);
            return scenario;
        }

        public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

        public SimulatedDcsTask FindDcsTask(string taskId) => DcsTasks.FirstOrDefault(t => t.TaskId == taskId);
        public SimulatedDrsJob FindDrsJob(string jobId) => DrsJobs.FirstOrDefault(j => j.JobId == jobId);

        /// <summary>Throws <see cref="FormatException"/> naming the first thing that cannot be simulated.</summary>
        public void Validate()
        {
            Require(!string.IsNullOrEmpty(Region), "region is required.");
            Require(!string.IsNullOrEmpty(ProjectId), "projectId is required.");
            Require(TimeScale >= 0, "timeScale must be 0 or more.");
            Require(TokenLifetimeSeconds > 0, "tokenLifetimeSeconds must be positive.");
            Require(StopSeconds >= 0, "stopSeconds must be 0 or more.");
            Require(ReleaseSeconds >= 0 && SwitchSeconds >= 0, "releaseSeconds and switchSeconds must be 0 or more.");
            Credentials ??= new(); Users ??= new(); Tokens ??= new(); DcsTasks ??= new(); DrsJobs ??= new();
            foreach (var c in Credentials)
                Require(!string.IsNullOrEmpty(c.AccessKey) && !string.IsNullOrEmpty(c.SecretKey), "each credential needs accessKey and secretKey.");
            foreach (var t in DcsTasks)
            {
                Require(!string.IsNullOrEmpty(t.TaskId), "each DCS task needs a taskId.");
                Require(t.MigrationMethod is DcsMigrationMethods.Full or DcsMigrationMethods.Incremental,
                    $"DCS task {t.TaskId}: migrationMethod must be {DcsMigrationMethods.Full} or {DcsMigrationMethods.Incremental}.");
                Require(t.Keys >= 0, $"DCS task {t.TaskId}: keys must be 0 or more.");
                t.SourceInstance ??= new RedisInstance();
                t.TargetInstance ??= new RedisInstance();
                t.Behavior ??= new MigrationBehavior();
                t.Behavior.Validate("DCS task " + t.TaskId);
                Require(t.Behavior.Kind != MigrationBehaviorKind.Released, $"DCS task {t.TaskId}: 'released' is for DRS jobs; use 'terminated'.");
            }
            foreach (var j in DrsJobs)
            {
                Require(!string.IsNullOrEmpty(j.JobId), "each DRS job needs a jobId.");
                Require(j.TaskMode is DrsTaskModes.Full or DrsTaskModes.Incremental or DrsTaskModes.FullIncremental,
                    $"DRS job {j.JobId}: taskMode must be FULL_TRANS, INCR_TRANS or FULL_INCR_TRANS.");
                Require(DrsJobTypes.All.Contains(j.DbUseType), $"DRS job {j.JobId}: dbUseType must be migration, sync or cloudDataGuard.");
                j.Behavior ??= new MigrationBehavior();
                j.Behavior.Validate("DRS job " + j.JobId);
                Require(j.Behavior.Kind != MigrationBehaviorKind.Terminated, $"DRS job {j.JobId}: 'terminated' is for DCS tasks; use 'released'.");
                j.Objects ??= new();
                j.Comparison ??= new ComparisonBehavior();
                j.Comparison.InconsistentTables ??= new();
                Require(j.Comparison.RunSeconds > 0 && j.Comparison.Tables >= 0, $"DRS job {j.JobId}: comparison runSeconds must be positive and tables 0 or more.");
                foreach (var o in j.Objects)
                {
                    Require(DrsObjectTypes.All.Contains(o.Key), $"DRS job {j.JobId}: unknown object type '{o.Key}'.");
                    Require(o.Value >= 0, $"DRS job {j.JobId}: object counts must be 0 or more.");
                }
            }
            Require(DcsTasks.Select(t => t.TaskId).Distinct().Count() == DcsTasks.Count, "DCS task ids must be unique.");
            Require(DrsJobs.Select(j => j.JobId).Distinct().Count() == DrsJobs.Count, "DRS job ids must be unique.");
        }

        internal static void Require(bool condition, string message)
        {
            if (!condition) throw new FormatException("Invalid scenario: " + message);
        }

        /// <summary>
        /// The built-in demo: one migration of each kind, all playing out within about five minutes at TimeScale 1.
        /// </summary>
        public static Scenario Demo() => new()
        {
            Name = "built-in demo",
            Region = DemoRegion,
            ProjectId = DemoProjectId,
            Credentials = { new AccessKeyCredential { AccessKey = DemoAccessKey, SecretKey = DemoSecretKey } },
            Users = { new IamUser { Domain = DemoDomain, Name = DemoUser, Password = DemoPassword } },
            Tokens = { DemoStaticToken },
            DcsTasks =
            {
                DemoDcs("a276c1ffa0a54c2597fc824b917db301", "redis-orders-full", DcsMigrationMethods.Full, 200_000, "192.168.1.11",
                    new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, FullSyncSeconds = 120 }),
                DemoDcs("a276c1ffa0a54c2597fc824b917db302", "redis-sessions-incr", DcsMigrationMethods.Incremental, 500_000, "192.168.1.12",
                    new MigrationBehavior { Kind = MigrationBehaviorKind.Incremental, StartAfterSeconds = 10, FullSyncSeconds = 90,
                        InitialLagKeys = 20_000, LagHalfLifeSeconds = 20, FinalLagKeys = 0 }),
                DemoDcs("a276c1ffa0a54c2597fc824b917db303", "redis-cache-failing", DcsMigrationMethods.Full, 300_000, "192.168.1.13",
                    new MigrationBehavior { Kind = MigrationBehaviorKind.Fail, FullSyncSeconds = 150, FailAtPercent = 40 }),
                DemoDcs("a276c1ffa0a54c2597fc824b917db304", "redis-queue-stalled", DcsMigrationMethods.Full, 120_000, "192.168.1.14",
                    new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, StartAfterSeconds = 5, FullSyncSeconds = 100, StallAtPercent = 60 }),
            },
            DrsJobs =
            {
                new SimulatedDrsJob { JobId = "8d0e8e36-a618-490d-8a46-8c61ac9jb501", Name = "mysql-orders-full", DbUseType = DrsJobTypes.Migration,
                    TaskMode = DrsTaskModes.Full,
                    Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, FullSyncSeconds = 180 } },
                new SimulatedDrsJob { JobId = "8d0e8e36-a618-490d-8a46-8c61ac9jb502", Name = "mysql-billing-sync", DbUseType = DrsJobTypes.Sync,
                    TaskMode = DrsTaskModes.FullIncremental,
                    Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, StartAfterSeconds = 15, FullSyncSeconds = 120,
                        InitialDelaySeconds = 90, DelayHalfLifeSeconds = 20, FinalDelaySeconds = 0 },
                    Comparison = new ComparisonBehavior { Outcome = ComparisonOutcome.Consistent, RunSeconds = 30 } },
                new SimulatedDrsJob { JobId = "8d0e8e36-a618-490d-8a46-8c61ac9jb503", Name = "mysql-crm-failing", DbUseType = DrsJobTypes.Migration,
                    TaskMode = DrsTaskModes.Full,
                    Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Fail, FullSyncSeconds = 200, FailAtPercent = 50 } },
                new SimulatedDrsJob { JobId = "8d0e8e36-a618-490d-8a46-8c61ac9jb504", Name = "mysql-ledger-dr", DbUseType = DrsJobTypes.CloudDataGuard,
                    TaskMode = DrsTaskModes.FullIncremental,
                    Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, FullSyncSeconds = 240,
                        InitialDelaySeconds = 30, DelayHalfLifeSeconds = 15 },
                    Objects = { ["table"] = 2500, ["view"] = 3, ["procedure"] = 12 },
                    Comparison = new ComparisonBehavior { Outcome = ComparisonOutcome.Inconsistent, RunSeconds = 30, InconsistentTables = { "db1.table_000001" } } },
            },
        };

        public const string DemoRegion = "cn-north-4";
        public const string DemoProjectId = "0123456789abcdef0123456789abcdef";
        public const string DemoAccessKey = "HPUADEMOSIMULATORAK1";
        public const string DemoSecretKey = "DemoSimulatorSecretKey0123456789abcdefgh";
        public const string DemoDomain = "demo-domain";
        public const string DemoUser = "admin";
        public const string DemoPassword = "Demo-Passw0rd!";
        public const string DemoStaticToken = "demo-static-token";

        static SimulatedDcsTask DemoDcs(string id, string name, string method, long keys, string sourceIp, MigrationBehavior behavior) => new()
        {
            TaskId = id,
            TaskName = name,
            MigrationMethod = method,
            Keys = keys,
            SourceInstance = new RedisInstance { Id = "src-" + id.Substring(24), Name = name + "-src", Ip = sourceIp, Port = 6379, Password = "src-pass" },
            TargetInstance = new RedisInstance { Id = "dst-" + id.Substring(24), Name = name + "-dcs", Ip = "192.168.2." + sourceIp.Split('.').Last(), Port = 6379, Password = "dst-pass" },
            Behavior = behavior,
        };
    }

    public sealed class AccessKeyCredential
    {
        public string AccessKey { get; set; }
        public string SecretKey { get; set; }
        /// <summary>When set, requests must send and sign a matching X-Security-Token (temporary credentials).</summary>
        public string SecurityToken { get; set; }
    }

    public sealed class IamUser
    {
        public string Domain { get; set; }
        public string Name { get; set; }
        public string Password { get; set; }
    }

    public static class DcsMigrationMethods
    {
        public const string Full = "full_amount_migration";
        public const string Incremental = "incremental_migration";
    }

    public static class DrsTaskModes
    {
        public const string Full = "FULL_TRANS";
        public const string Incremental = "INCR_TRANS";
        public const string FullIncremental = "FULL_INCR_TRANS";
    }

    public static class DrsObjectTypes
    {
        public static readonly IReadOnlyList<string> All = new[]
            { "table", "event", "table_structure", "procedure", "view", "function", "database", "trigger", "table_indexs" };
    }

    public sealed class SimulatedDcsTask
    {
        public string TaskId { get; set; }
        public string TaskName { get; set; }
        public string MigrationMethod { get; set; } = DcsMigrationMethods.Full;
        public RedisInstance SourceInstance { get; set; } = new();
        public RedisInstance TargetInstance { get; set; } = new();
        /// <summary>Keys in the source Redis.</summary>
        public long Keys { get; set; } = 100_000;
        public MigrationBehavior Behavior { get; set; } = new();
        /// <summary>Set by a stop request: the simulated second it arrived. The task reads TERMINATING from then on...</summary>
        public double? StoppedAtSeconds { get; set; }
        /// <summary>... and TERMINATED from this simulated second (the scenario's stopSeconds later).</summary>
        public double? TerminatedAtSeconds { get; set; }
        /// <summary>Answer every stats number as a string, as the SDK models type them.</summary>
        public bool NumbersAsStrings { get; set; }
        /// <summary>An IP switch is accepted but never completes: task_status stays EXCHANGING.</summary>
        public bool SwitchNeverCompletes { get; set; }
        /// <summary>Set by exchange-ip or rollback-ip: the simulated second the last switch started and ends, and whether it was a rollback.</summary>
        public double? SwitchedAtSeconds { get; set; }
        public double? SwitchDoneAtSeconds { get; set; }
        public bool SwitchIsRollback { get; set; }
    }

    public sealed class RedisInstance
    {
        public string Id { get; set; }
        public string Name { get; set; }
        public string Ip { get; set; } = "192.168.1.2";
        public int Port { get; set; } = 6379;
        public string Password { get; set; }
    }

    public static class DrsJobTypes
    {
        public const string Migration = "migration";
        public const string Sync = "sync";
        public const string CloudDataGuard = "cloudDataGuard";
        public static readonly IReadOnlyList<string> All = new[] { Migration, Sync, CloudDataGuard };
    }

    public sealed class SimulatedDrsJob
    {
        public string JobId { get; set; }
        public string Name { get; set; }
        public string Description { get; set; }
        /// <summary>The scene the job list files it under: migration, sync or cloudDataGuard.</summary>
        public string DbUseType { get; set; } = DrsJobTypes.Migration;
        public string EngineType { get; set; } = "mysql";
        public string NetType { get; set; } = "vpc";
        public string JobDirection { get; set; } = "up";
        public string TaskMode { get; set; } = DrsTaskModes.FullIncremental;
        /// <summary>Answer numbers as strings, as the real API does.</summary>
        public bool NumbersAsStrings { get; set; } = true;
        public bool IncludeDelayMillis { get; set; } = true;
        public MigrationBehavior Behavior { get; set; } = new();
        /// <summary>Object counts per progress-data type, e.g. {"table": 2500}.</summary>
        public Dictionary<string, long> Objects { get; set; } = new();
        /// <summary>A stop is accepted, but the release ends in RELEASE_RESOURCE_FAILED.</summary>
        public bool ReleaseFails { get; set; }
        /// <summary>Set by a batch-jobs DELETE: the simulated second the job's release started...</summary>
        public double? StoppedAtSeconds { get; set; }
        /// <summary>... and the second it ends (the scenario's releaseSeconds later).</summary>
        public double? ReleasedAtSeconds { get; set; }
        /// <summary>How the job's data comparisons play out.</summary>
        public ComparisonBehavior Comparison { get; set; } = new();
        /// <summary>What the v5 health check (monitor-data) answers.</summary>
        public HealthBehavior Health { get; set; } = HealthBehavior.Normal;
        /// <summary>The comparisons started on the job (simulator state, not scenario input).</summary>
        [JsonIgnore] internal List<SimulatedComparison> Comparisons { get; } = new();
        /// <summary>When set, batch-set-smn refuses this job with this error code (a per-job error for tests).</summary>
        public string AlarmErrorCode { get; set; }
    }

    /// <summary>How a job's comparisons end.</summary>
    public enum ComparisonOutcome
    {
        /// <summary>Every table and object matches.</summary>
        Consistent,
        /// <summary>The row and value comparisons find the tables in inconsistentTables differing.</summary>
        Inconsistent,
        /// <summary>Comparisons end FAILED.</summary>
        Failing,
        /// <summary>Consistent, but each comparison runs ten times longer.</summary>
        Slow,
        /// <summary>Comparisons stay RUNNING for ever.</summary>
        NeverFinishing,
    }

    public enum HealthBehavior
    {
        /// <summary>Both connections up.</summary>
        Normal,
        /// <summary>The target database connection is down.</summary>
        TargetDown,
        /// <summary>monitor-data answers a body that is not JSON.</summary>
        Unreadable,
        /// <summary>The region does not serve v5: monitor-data answers 404.</summary>
        NotServed,
    }

    public sealed class ComparisonBehavior
    {
        public ComparisonOutcome Outcome { get; set; } = ComparisonOutcome.Consistent;
        /// <summary>Simulated seconds a comparison runs.</summary>
        public double RunSeconds { get; set; } = 30;
        /// <summary>"db.table" names that differ when the outcome is inconsistent, e.g. "db1.table_000001".</summary>
        public List<string> InconsistentTables { get; set; } = new();
        /// <summary>Tables the job migrates (named table_000000..., in databases db0 to db6); the job's objects.table count wins.</summary>
        public int Tables { get; set; } = 6;

        internal double Duration => Outcome == ComparisonOutcome.Slow ? RunSeconds * 10 : RunSeconds;
    }

    /// <summary>One comparison started on a simulated job.</summary>
    internal sealed class SimulatedComparison
    {
        public string Id { get; init; }
        /// <summary>object, lines or contents.</summary>
        public string Type { get; init; }
        public double StartedAtSeconds { get; init; }
        public double? CancelledAtSeconds { get; set; }
        /// <summary>The chosen "db.table" names; null for every table.</summary>
        public List<string> Tables { get; init; }
    }

    public enum MigrationBehaviorKind
    {
        /// <summary>Runs to 100%; then succeeds, or moves to incremental sync when the task or job is incremental.</summary>
        Complete,
        Fail,
        Stall,
        /// <summary>Runs to 100%, then syncs incrementally with a decaying lag.</summary>
        Incremental,
        /// <summary>Never starts.</summary>
        Pending,
        /// <summary>DRS only: RELEASE_RESOURCE_COMPLETE from the start.</summary>
        Released,
        /// <summary>DCS only: TERMINATED from the start.</summary>
        Terminated,
    }

    /// <summary>How one migration plays out over simulated time; see <see cref="Timeline"/> for the math.</summary>
    public sealed class MigrationBehavior
    {
        public MigrationBehaviorKind Kind { get; set; } = MigrationBehaviorKind.Complete;
        public double StartAfterSeconds { get; set; }
        public double FullSyncSeconds { get; set; } = 300;
        public double FailAtPercent { get; set; } = 50;
        public double StallAtPercent { get; set; } = 60;
        public double InitialLagKeys { get; set; } = 5000;
        public double LagHalfLifeSeconds { get; set; } = 30;
        public double FinalLagKeys { get; set; }
        public double InitialDelaySeconds { get; set; } = 120;
        public double DelayHalfLifeSeconds { get; set; } = 60;
        public double FinalDelaySeconds { get; set; }

        internal void Validate(string owner)
        {
            Scenario.Require(FullSyncSeconds > 0, owner + ": fullSyncSeconds must be positive.");
            Scenario.Require(StartAfterSeconds >= 0, owner + ": startAfterSeconds must be 0 or more.");
            Scenario.Require(FailAtPercent is >= 0 and <= 100 && StallAtPercent is >= 0 and <= 100, owner + ": percents must be 0..100.");
            Scenario.Require(LagHalfLifeSeconds > 0 && DelayHalfLifeSeconds > 0, owner + ": half-lives must be positive.");
            Scenario.Require(InitialLagKeys >= 0 && FinalLagKeys >= 0 && InitialDelaySeconds >= 0 && FinalDelaySeconds >= 0,
                owner + ": lags and delays must be 0 or more.");
        }
    }
}
