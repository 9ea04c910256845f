using System;

namespace HuaweiMigration.Simulator
{
    /// <summary>Route names, as used by faults and the request log.</summary>
    public static class Routes
    {
        public const string IamToken = "iam.token";
        public const string IamProjects = "iam.projects";
        public const string DcsList = "dcs.list";
        public const string DcsTask = "dcs.task";
        public const string DcsStats = "dcs.stats";
        public const string DcsStop = "dcs.stop";
        public const string DrsList = "drs.list";
        public const string DrsBatch = "drs.batch";
        public const string DrsObjects = "drs.objects";
        public const string DrsStop = "drs.stop";
        public const string DcsExchangeIp = "dcs.exchange-ip";
        public const string DcsRollbackIp = "dcs.rollback-ip";
        public const string DrsObjectCompareStart = "drs.compare.object.start";
        public const string DrsObjectCompare = "drs.compare.object";
        public const string DrsObjectCompareDetail = "drs.compare.object.detail";
        public const string DrsDataCompareStart = "drs.compare.start";
        public const string DrsDataCompareList = "drs.compare.list";
        public const string DrsDataCompareOverview = "drs.compare.overview";
        public const string DrsDataCompareDetail = "drs.compare.detail";
        public const string DrsDataCompareCancel = "drs.compare.cancel";
        public const string DrsHealth = "drs.health";
        public const string DrsSmn = "drs.smn";
        public const string Unknown = "unknown";
    }

    /// <summary>A request matched to a route, with the path's parameters.</summary>
    internal sealed class RouteMatch
    {
        public string Name { get; init; } = Routes.Unknown;
        public string ProjectId { get; init; }
        public string Id { get; init; }
        public string ObjectType { get; init; }
        /// <summary>A data-level comparison's id (compare routes).</summary>
        public string CompareId { get; init; }
        /// <summary>line-overview, line-detail, content-overview or content-detail.</summary>
        public string View { get; init; }

        public bool IsKnown => Name != Routes.Unknown;

        public static RouteMatch Match(string method, string path)
        {
            var s = path.Trim('/').Split('/');
            bool get = method == "GET", post = method == "POST", delete = method == "DELETE";

            if (s.Length == 3 && s[0] == "v3" && s[1] == "auth" && s[2] == "tokens" && post)
                return new RouteMatch { Name = Routes.IamToken };
            if (s.Length == 2 && s[0] == "v3" && s[1] == "projects" && get)
                return new RouteMatch { Name = Routes.IamProjects };
            if (s.Length == 3 && s[0] == "v2" && s[2] == "migration-tasks" && get)
                return new RouteMatch { Name = Routes.DcsList, ProjectId = s[1] };
            if (s.Length == 4 && s[0] == "v2" && s[2] == "migration-task" && get)
                return new RouteMatch { Name = Routes.DcsTask, ProjectId = s[1], Id = s[3] };
            if (s.Length == 5 && s[0] == "v2" && s[2] == "migration-task" && s[4] == "stats" && get)
                return new RouteMatch { Name = Routes.DcsStats, ProjectId = s[1], Id = s[3] };
            if (s.Length == 5 && s[0] == "v2" && s[2] == "migration-task" && s[4] == "stop" && post)
                return new RouteMatch { Name = Routes.DcsStop, ProjectId = s[1], Id = s[3] };
            if (s.Length == 3 && s[0] == "v3" && s[2] == "jobs" && post)
                return new RouteMatch { Name = Routes.DrsList, ProjectId = s[1] };
            if (s.Length == 4 && s[0] == "v3" && s[2] == "jobs" && s[3] == "batch-progress" && post)
                return new RouteMatch { Name = Routes.DrsBatch, ProjectId = s[1] };
            if (s.Length == 6 && s[0] == "v5" && s[2] == "jobs" && s[4] == "progress-data" && get)
                return new RouteMatch { Name = Routes.DrsObjects, ProjectId = s[1], Id = s[3], ObjectType = s[5] };
            if (s.Length == 4 && s[0] == "v3" && s[2] == "jobs" && s[3] == "batch-jobs" && delete)
                return new RouteMatch { Name = Routes.DrsStop, ProjectId = s[1] };
            if (s.Length == 5 && s[0] == "v2" && s[2] == "migration-task" && s[4] == "exchange-ip" && post)
                return new RouteMatch { Name = Routes.DcsExchangeIp, ProjectId = s[1], Id = s[3] };
            if (s.Length == 5 && s[0] == "v2" && s[2] == "migration-task" && s[4] == "rollback-ip" && post)
                return new RouteMatch { Name = Routes.DcsRollbackIp, ProjectId = s[1], Id = s[3] };
            if (s.Length >= 5 && s[0] == "v3" && s[2] == "jobs")
            {
                if (s.Length == 6 && s[4] == "object" && s[5] == "compare")
                    return new RouteMatch { Name = post ? Routes.DrsObjectCompareStart : get ? Routes.DrsObjectCompare : Routes.Unknown, ProjectId = s[1], Id = s[3] };
                if (s.Length == 7 && s[4] == "object" && s[5] == "compare" && get)
                    return new RouteMatch { Name = Routes.DrsObjectCompareDetail, ProjectId = s[1], Id = s[3], ObjectType = s[6] };
                if (s.Length == 6 && s[4] == "table" && s[5] == "compare")
                    return new RouteMatch { Name = post ? Routes.DrsDataCompareStart : get ? Routes.DrsDataCompareList : Routes.Unknown, ProjectId = s[1], Id = s[3] };
                if (s.Length == 6 && s[4] == "compare" && delete)
                    return new RouteMatch { Name = Routes.DrsDataCompareCancel, ProjectId = s[1], Id = s[3], CompareId = s[5] };
                if (s.Length == 7 && s[4] == "compare" && get && (s[6] == "line-overview" || s[6] == "content-overview"))
                    return new RouteMatch { Name = Routes.DrsDataCompareOverview, ProjectId = s[1], Id = s[3], CompareId = s[5], View = s[6] };
                if (s.Length == 7 && s[4] == "compare" && get && (s[6] == "line-detail" || s[6] == "content-detail"))
                    return new RouteMatch { Name = Routes.DrsDataCompareDetail, ProjectId = s[1], Id = s[3], CompareId = s[5], View = s[6] };
            }
            if (s.Length == 5 && s[0] == "v5" && s[2] == "jobs" && s[4] == "monitor-data" && get)
                return new RouteMatch { Name = Routes.DrsHealth, ProjectId = s[1], Id = s[3] };
            if (s.Length == 4 && s[0] == "v3" && s[2] == "jobs" && s[3] == "batch-set-smn" && post)
                return new RouteMatch { Name = Routes.DrsSmn, ProjectId = s[1] };
            return new RouteMatch();
        }
    }
}
