using System;
using HuaweiMigration.Simulator;
using SimAccessKey = HuaweiMigration.Simulator.AccessKeyCredential;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>The simulated cloud every measurement runs against: many tasks and jobs, all mid full sync, on a frozen clock.</summary>
    internal static class BenchmarkScenario
    {
        public const string AccessKey = "HPUABENCHMARKAK00001";
        public const string SecretKey = "BenchmarkSecretKey0123456789abcdefghijkl";
        public const int DcsTaskCount = 200;
        public const int DrsJobCount = 1000;
        public const string ObjectJob100k = "drs-objects-100k";
        public const string ObjectJob10k = "drs-objects-10k";

        public static string DcsId(int i) => "dcs-" + i.ToString("D4");
        public static string DrsId(int i) => "drs-" + i.ToString("D4");

        public static Scenario Build()
        {
            var s = new Scenario { Name = "benchmark", TimeScale = 0 };
            s.Credentials.Add(new SimAccessKey { AccessKey = AccessKey, SecretKey = SecretKey });
            // Ten hours of full sync: ten minutes in, every task and job is steadily migrating.
            for (int i = 0; i < DcsTaskCount; i++)
                s.DcsTasks.Add(new SimulatedDcsTask
                {
                    TaskId = DcsId(i), TaskName = "redis-" + i, Keys = 1_000_000,
                    SourceInstance = new RedisInstance { Id = "src-" + i, Name = "src-" + i },
                    TargetInstance = new RedisInstance { Id = "dst-" + i, Name = "dst-" + i },
                    Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, FullSyncSeconds = 36_000 },
                });
            for (int i = 0; i < DrsJobCount; i++)
                s.DrsJobs.Add(new SimulatedDrsJob
                {
                    JobId = DrsId(i), TaskMode = DrsTaskModes.Full,
                    Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, FullSyncSeconds = 36_000 },
                });
            s.DrsJobs.Add(ObjectJob(ObjectJob100k, 100_000));
            s.DrsJobs.Add(ObjectJob(ObjectJob10k, 10_000));
            return s;
        }

        /// <summary>How far the frozen clock is moved once the server is up.</summary>
        public static readonly TimeSpan Elapsed = TimeSpan.FromMinutes(10);

        static SimulatedDrsJob ObjectJob(string id, long tables) => new SimulatedDrsJob
        {
            JobId = id, TaskMode = DrsTaskModes.Full,
            Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, FullSyncSeconds = 36_000 },
            Objects = { ["table"] = tables },
        };
    }
}
