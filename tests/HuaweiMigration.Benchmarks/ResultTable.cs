using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>One target of issue 7: what was measured, against what, and whether it met its goal.</summary>
    internal sealed class ResultRow
    {
        public string Target { get; set; }
        public string Measured { get; set; }
        public string Baseline { get; set; }
        /// <summary>Measured over baseline; null where the goal is a count.</summary>
        public double? Ratio { get; set; }
        public string Goal { get; set; }
        public bool Pass { get; set; }
        /// <summary>A figure that explains another row; it has no goal of its own.</summary>
        public bool Informational { get; set; }
    }

    internal static class ResultTable
    {
        public static string Format(IReadOnlyList<ResultRow> rows)
        {
            var header = new[] { "target", "measured", "baseline", "ratio", "goal", "result" };
            var cells = rows.Select(r => new[]
            {
                r.Target, r.Measured, r.Baseline, r.Ratio.HasValue ? r.Ratio.Value.ToString("0.000") : "-", r.Goal, r.Informational ? "info" : r.Pass ? "pass" : "FAIL",
            }).ToList();
            var widths = Enumerable.Range(0, header.Length).Select(i => Math.Max(header[i].Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
            var sb = new StringBuilder();
            void Line(string[] c) => sb.Append("| ").Append(string.Join(" | ", c.Select((x, i) => x.PadRight(widths[i])))).Append(" |\n");
            Line(header);
            sb.Append("|").Append(string.Join("|", widths.Select(w => new string('-', w + 2)))).Append("|\n");
            foreach (var c in cells) Line(c);
            return sb.ToString();
        }

        public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0") + " ms";

        public static double Median(IEnumerable<double> values)
        {
            var v = values.OrderBy(x => x).ToArray();
            return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        }
    }
}
