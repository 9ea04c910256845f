using System;
using System.Globalization;

namespace HuaweiMigration
{
    /// <summary>The text of the table views' computed columns; the objects keep the typed values.</summary>
    public static class ViewColumns
    {
        /// <summary>How far the target is behind, for both services: keys left for DCS, the incremental delay for DRS.</summary>
        public static string Lag(MigrationStatus status) =>
            status == null ? null : Lag(status.Service.ToString(), status.KeysRemaining, status.IncrementalDelay);

        /// <summary>Lag from the values themselves, as the view passes them.</summary>
        public static string Lag(string service, long? keysRemaining, TimeSpan? incrementalDelay)
        {
            if (string.Equals(service, nameof(MigrationService.Dcs), StringComparison.OrdinalIgnoreCase))
                return keysRemaining.HasValue ? Count(keysRemaining.Value) + " keys" : null;
            return CompactDuration.Format(incrementalDelay);
        }

        /// <summary>
        /// The time left, only while the condition is unmet and a rate or the service gives a positive estimate: a zero
        /// estimate (the full sync is done, the incremental lag is not yet within -MaxDelay) says nothing.
        /// </summary>
        public static string Eta(MigrationStatus status) =>
            status == null ? null : Eta(status.ConditionMet, status.IsTerminal, status.EstimatedTimeRemaining);

        /// <summary>Eta from the values themselves, as the view passes them.</summary>
        public static string Eta(bool conditionMet, bool isTerminal, TimeSpan? estimatedTimeRemaining) =>
            conditionMet || isTerminal || !(estimatedTimeRemaining > TimeSpan.Zero) ? null : CompactDuration.Format(estimatedTimeRemaining);

        /// <summary>
        /// Where a session sends its requests, in a few characters: "public" for the region's public endpoints, else the
        /// host (and port) of the one endpoint -Endpoint gave, else "custom" for the SDKs' per-service override variables.
        /// </summary>
        public static string Endpoint(Uri dcs, Uri drs, Uri iam)
        {
            if (dcs == null) return null;
            if (dcs == drs && drs == iam)
                return dcs.IsDefaultPort ? dcs.Host : dcs.Host + ":" + dcs.Port.ToString(CultureInfo.InvariantCulture);
            bool Public(Uri u) => u != null && u.Scheme == Uri.UriSchemeHttps && u.IsDefaultPort &&
                (u.Host.EndsWith(".myhuaweicloud.com", StringComparison.OrdinalIgnoreCase) || u.Host.EndsWith(".myhuaweicloud.eu", StringComparison.OrdinalIgnoreCase));
            return Public(dcs) && Public(drs) && Public(iam) ? "public" : "custom";
        }

        /// <summary>A credential kind in at most 13 characters (TemporaryAccessKey is TempAccessKey).</summary>
        public static string CredentialKind(string kind) => kind == "TemporaryAccessKey" ? "TempAccessKey" : kind;

        /// <summary>A count in at most four characters: 950, 9.5k, 137k, 1.2M.</summary>
        public static string Count(long value)
        {
            var c = CultureInfo.InvariantCulture;
            if (value < 1000) return value.ToString(c);
            if (value < 9950) return (value / 1000.0).ToString("0.0", c) + "k";
            if (value < 999500) return Math.Round(value / 1000.0).ToString("0", c) + "k";
            if (value < 9950000) return (value / 1000000.0).ToString("0.0", c) + "M";
            if (value < 999500000) return Math.Round(value / 1000000.0).ToString("0", c) + "M";
            return (value / 1000000000.0).ToString("0.0", c) + "G";
        }
    }
}
