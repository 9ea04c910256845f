using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>The progress display of Start-DrsComparison -Wait: one bar per job, naming the state of each of its comparisons.</summary>
    internal sealed class ComparisonProgress
    {
        const string Parent = "Waiting for DRS comparisons";
        readonly ProgressTree<string> _tree;
        readonly Dictionary<string, DrsComparison> _latest = new Dictionary<string, DrsComparison>(StringComparer.OrdinalIgnoreCase);
        readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public ComparisonProgress(Cmdlet cmdlet, IReadOnlyList<DrsComparison> comparisons)
        {
            _tree = new ProgressTree<string>(cmdlet, StringComparer.OrdinalIgnoreCase);
            foreach (var c in comparisons)
            {
                _latest[Key(c)] = c;
                _names[c.JobId] = c.JobName ?? c.JobId;
                _tree.Add(c.JobId);
            }
            Draw();
        }

        static string Key(DrsComparison c) => c.JobId + "/" + c.CompareJobId;

        public void Update(DrsComparison c)
        {
            _latest[Key(c)] = c;
            Draw();
        }

        void Draw()
        {
            int done = _latest.Values.Count(c => DrsComparisonCodes.IsFinished(c.Status));
            _tree.WriteParent(Parent, $"{done} of {_latest.Count} finished", _latest.Count == 0 ? 0 : done * 100 / _latest.Count);
            foreach (var job in _latest.Values.GroupBy(c => c.JobId, StringComparer.OrdinalIgnoreCase))
            {
                string state = string.Join(", ", job.Select(c => $"{c.Type} {c.Status}" + (c.Status == DrsComparisonStatus.Succeeded ? " " + c.Result : "")));
                if (job.All(c => DrsComparisonCodes.IsFinished(c.Status))) _tree.Complete(job.Key, "DRS job " + _names[job.Key]);
                else _tree.WriteChild(job.Key, "DRS job " + _names[job.Key], state);
            }
        }

        public void CompleteAll() => _tree.CompleteAll(id => "DRS job " + _names[id], Parent);
    }
}
