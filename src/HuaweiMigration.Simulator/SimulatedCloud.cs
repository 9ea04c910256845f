using System;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace HuaweiMigration.Simulator
{
    /// <summary>A request after the body has been read and the route matched.</summary>
    internal sealed class SimRequest
    {
        public string Method { get; init; }
        public string RawTarget { get; init; }
        public IQueryCollection Query { get; init; }
        public IHeaderDictionary Headers { get; init; }
        public byte[] Body { get; init; }
        public RouteMatch Route { get; init; }

        public string QueryValue(string name) => Query.TryGetValue(name, out var v) ? v.ToString() : null;
    }

    /// <summary>The simulated IAM, DCS and DRS services behind one gateway.</summary>
    internal sealed partial class SimulatedCloud
    {
        const string DcsDateFormat = "yyyy/MM/dd HH:mm:ss";

        readonly Scenario _scenario;
        readonly SimulatedClock _clock;
        readonly AuthVerifier _auth;

        public SimulatedCloud(Scenario scenario, SimulatedClock clock, AuthVerifier auth)
        {
            _scenario = scenario;
            _clock = clock;
            _auth = auth;
        }

        double T => _clock.Elapsed.TotalSeconds;

        public SimResponse Handle(SimRequest request)
        {
            var route = request.Route;
            if (!route.IsKnown) return SimResponse.ApiNotFound();
            if (route.ProjectId != null && route.ProjectId != _scenario.ProjectId) return SimResponse.ApiNotFound();
            if (route.Name == Routes.IamToken) return IssueToken(request);

            string authError = _auth.Verify(request.Method, request.RawTarget, request.Headers, request.Body);
            if (authError != null) return SimResponse.AuthFailed(authError);

            return route.Name switch
            {
                Routes.IamProjects => ListProjects(request),
                Routes.DcsList => ListDcsTasks(request),
                Routes.DcsTask => ShowDcsTask(request),
                Routes.DcsStats => ShowDcsStats(request),
                Routes.DcsStop => StopDcsTask(request),
                Routes.DrsList => ListDrsJobs(request),
                Routes.DrsBatch => ShowDrsBatchProgress(request),
                Routes.DrsObjects => ShowDrsObjects(request),
                Routes.DrsStop => StopDrsJobs(request),
                Routes.DcsExchangeIp => SwitchDcsIp(request, rollback: false),
                Routes.DcsRollbackIp => SwitchDcsIp(request, rollback: true),
                Routes.DrsObjectCompareStart => StartObjectComparison(request),
                Routes.DrsObjectCompare => ShowObjectComparison(request),
                Routes.DrsObjectCompareDetail => ShowObjectComparisonDetail(request),
                Routes.DrsDataCompareStart => StartDataComparison(request),
                Routes.DrsDataCompareList => ListDataComparisons(request),
                Routes.DrsDataCompareOverview => ShowDataComparisonOverview(request),
                Routes.DrsDataCompareDetail => ShowDataComparisonDetail(request),
                Routes.DrsDataCompareCancel => CancelDataComparison(request),
                Routes.DrsHealth => ShowDrsHealth(request),
                Routes.DrsSmn => SetDrsAlarms(request),
                _ => SimResponse.ApiNotFound(),
            };
        }

        /// <summary>A number as JSON, or as a string when the scenario says the API types it so.</summary>
        static JsonNode Number(long value, bool asString) =>
            asString ? JsonValue.Create(value.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(value);

        static bool TryParseInt(string value, int defaultValue, out int result)
        {
            if (string.IsNullOrEmpty(value))
            {
                result = defaultValue;
                return true;
            }
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result);
        }

        string DcsDate(double secondsSinceStart) =>
            _clock.Start.AddSeconds(secondsSinceStart).UtcDateTime.ToString(DcsDateFormat, CultureInfo.InvariantCulture);

        static string EpochMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    }
}
