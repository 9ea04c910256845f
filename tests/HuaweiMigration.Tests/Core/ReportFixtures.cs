using System;
using HuaweiMigration.Reports;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>Reports built from synthetic samples: a full sync, a phase change, an incremental tail, and a failure in every fifth.</summary>
    public static class ReportFixtures
    {
        public static readonly DateTime Start = new DateTime(2026, 12, 3, 2, 0, 0, DateTimeKind.Utc);
        public const string Hostile = "<script>document.title='pwned'</script><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";

        public static MigrationReportBuilder Builder(int migrations, int samples, string hostileName = null)
        {
            var b = new MigrationReportBuilder { UtcNow = () => Start.AddHours(6) };
            for (int k = 0; k < migrations; k++)
            {
                var service = k % 2 == 0 ? MigrationService.Drs : MigrationService.Dcs;
                var m = b.Migration(service, $"id-{k:D4}-0000-0000-0000-000000000000", k == 0 && hostileName != null ? hostileName : $"mysql-orders-{k}");
                bool fails = k % 5 == 4;
                for (int i = 0; i < samples; i++)
                {
                    double f = (double)i / Math.Max(1, samples - 1);
                    var phase = f < 0.5 ? MigrationPhase.FullSync : MigrationPhase.Incremental;
                    if (fails && f >= 0.8) phase = MigrationPhase.Failed;
                    m.Samples.Add(new ReportSample
                    {
                        TimeUtc = Start.AddSeconds(i * 10),
                        Phase = phase,
                        Status = phase == MigrationPhase.Failed ? "INCRE_TRANSFER_FAILED" : phase == MigrationPhase.FullSync ? "FULL_TRANSFER_STARTED" : "INCRE_TRANSFER_STARTED",
                        Percent = Math.Min(100, Math.Round(f * 200, 1)),
                        DelaySeconds = service == MigrationService.Drs && phase == MigrationPhase.Incremental ? Math.Round(300 * (1 - f) + (i % 7), 1) : (double?)null,
                        KeysRemaining = service == MigrationService.Dcs ? (long)(500000 * (1 - f)) + i % 13 : (long?)null,
                        ConditionMet = phase == MigrationPhase.Incremental && f > 0.95,
                    });
                }
                if (service == MigrationService.Drs)
                {
                    b.AddComparison(m.Id, null, new ReportComparison { Type = "Object", Scope = "TABLE", SourceCount = 120, TargetCount = 120, Verdict = ComparisonVerdict.Consistent, ResultText = "2" });
                    b.AddComparison(m.Id, null, new ReportComparison { Type = "Rows", Scope = hostileName ?? "orders", SourceCount = 1000, TargetCount = 998, Differences = 2, Verdict = ComparisonVerdict.Inconsistent, ResultText = "0" });
                }
                b.AddFinding(service, m.Id, null, new ReportFinding { Level = ReportFindingLevel.Blocker, Code = "DelayTooHigh", Message = hostileName ?? "delay 7 s over 5 s" });
            }
            return b;
        }

        public static MigrationReport Report(int migrations, int samples, string hostileName = null) =>
            Builder(migrations, samples, hostileName).Build("Cutover of the orders database", 5, TimeZoneInfo.CreateCustomTimeZone("Test/Plus8", TimeSpan.FromHours(8), "Test/Plus8", "Test/Plus8"));
    }
}
