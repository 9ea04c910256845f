using System;
using System.Collections.Generic;
using System.Net;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// What a session needs from .NET Framework (Windows PowerShell 5.1), which PowerShell 7 does by itself:
    /// TLS 1.2 where the process pins old protocols, and more than two connections per host.
    /// </summary>
    public static class DesktopRuntime
    {
        public static readonly bool IsCurrent =
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>The largest -ThrottleLimit any cmdlet accepts.</summary>
        public const int MaxThrottleLimit = 64;

        const SecurityProtocolType SystemDefault = 0;

        /// <summary>
        /// The protocols to use: SystemDefault (the OS chooses, TLS 1.2 and later included) stays as it is, so the
        /// module never pins every other module of the process to a fixed list; an explicit list gains TLS 1.2.
        /// </summary>
        public static SecurityProtocolType WithTls12(SecurityProtocolType current) =>
            current == SystemDefault ? current : current | SecurityProtocolType.Tls12;

        /// <summary>Applies <see cref="WithTls12"/> to the process, writing only when it changes something.</summary>
        public static void EnsureTls12()
        {
            var current = ServicePointManager.SecurityProtocol;
            var wanted = WithTls12(current);
            if (wanted != current) ServicePointManager.SecurityProtocol = wanted;
        }

        /// <summary>
        /// .NET Framework allows 2 connections per host by default, which would run -ThrottleLimit 8 two at a time:
        /// raises the limit of each endpoint to at least <paramref name="atLeast"/>; never lowers it. Behind a proxy
        /// the connections go to the proxy, so its service point is the one raised (FindServicePoint with the proxy).
        /// </summary>
        /// <returns>
        /// The service points raised. .NET Framework holds them only weakly and drops an idle one, limit and all:
        /// the session keeps this list, so the raised limits last as long as it does.
        /// </returns>
        public static IReadOnlyList<ServicePoint> RaiseConnectionLimits(IEnumerable<Uri> endpoints, int atLeast = MaxThrottleLimit, Func<Uri, ServicePoint> servicePointOf = null)
        {
            servicePointOf = servicePointOf ?? (uri => ServicePointManager.FindServicePoint(uri, WebRequest.DefaultWebProxy));
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var points = new List<ServicePoint>();
            foreach (var endpoint in endpoints)
            {
                if (endpoint == null || !seen.Add(endpoint.GetLeftPart(UriPartial.Authority))) continue;
                var point = servicePointOf(endpoint);
                if (point.ConnectionLimit < atLeast) point.ConnectionLimit = atLeast;
                points.Add(point);
            }
            return points;
        }

        /// <summary>
        /// Why this PowerShell cannot run the module, or null when it can: Windows PowerShell 5.1, or PowerShell 7.4
        /// and later (7.0 to 7.3 carry a System.Text.Json older than version 8, which the module binds to).
        /// </summary>
        public static string UnsupportedPowerShell(Version powerShell, bool isDesktop)
        {
            if (isDesktop || powerShell == null || powerShell >= new Version(7, 4)) return null;
            return $"HuaweiMigration needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell {powerShell}. " +
                "Install PowerShell 7.4 or later (https://aka.ms/powershell-release?tag=lts).";
        }
    }
}
