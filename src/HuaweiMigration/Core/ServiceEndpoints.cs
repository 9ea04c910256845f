using System;
using System.Net;

namespace HuaweiMigration.Core
{
    /// <summary>The base URLs of the services the module calls, for one region or one override.</summary>
    public sealed class ServiceEndpoints
    {
        public ServiceEndpoints(Uri dcs, Uri drs, Uri iam)
        {
            Dcs = dcs; Drs = drs; Iam = iam;
        }

        public Uri Dcs { get; }
        public Uri Drs { get; }
        public Uri Iam { get; }

        /// <summary>
        /// The public endpoints of a region, after the official SDKs' override variables
        /// (HUAWEICLOUD_SDK_REGION_{SERVICE}_{REGION} and HUAWEICLOUD_SDK_IAM_ENDPOINT).
        /// </summary>
        public static ServiceEndpoints ForRegion(string region, Func<string, string> environment = null)
        {
            region = NormalizeRegion(region);
            environment = environment ?? Environment.GetEnvironmentVariable;
            string suffix = region.ToUpperInvariant().Replace('-', '_');
            Uri Pick(string service, string fallback)
            {
                string o = environment($"HUAWEICLOUD_SDK_REGION_{service}_{suffix}");
                return Validate(string.IsNullOrWhiteSpace(o) ? fallback : o);
            }
            // eu-west-101 serves DRS and IAM (the official SDKs' region tables) under myhuaweicloud.eu.
            string euDomain = region == "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com";
            string iamOverride = environment("HUAWEICLOUD_SDK_IAM_ENDPOINT");
            return new ServiceEndpoints(
                Pick("DCS", $"https://dcs.{region}.myhuaweicloud.com"),
                Pick("DRS", $"https://drs.{region}.{euDomain}"),
                string.IsNullOrWhiteSpace(iamOverride) ? Pick("IAM", $"https://iam.{region}.{euDomain}") : Validate(iamOverride));
        }

        /// <summary>Region ids are lower case (cn-north-4); hosts, project names and comparisons use that form.</summary>
        public static string NormalizeRegion(string region) => region?.Trim().ToLowerInvariant();

        /// <summary>One base URL for every service: the simulator or a private gateway.</summary>
        public static ServiceEndpoints Single(string endpoint)
        {
            var uri = Validate(endpoint);
            return new ServiceEndpoints(uri, uri, uri);
        }

        /// <summary>Accepts https anywhere and http only for loopback hosts; returns the URL with a trailing '/'.</summary>
        public static Uri Validate(string endpoint)
        {
            if (!Uri.TryCreate(endpoint?.Trim(), UriKind.Absolute, out var uri))
                throw new ArgumentException($"'{endpoint}' is not an absolute URL.");
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                throw new ArgumentException($"The endpoint '{endpoint}' must use https (or http for a loopback address), not '{uri.Scheme}'.");
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
                throw new ArgumentException($"The endpoint '{endpoint}' uses plain http to a host that is not loopback; use https.");
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
                throw new ArgumentException($"The endpoint '{endpoint}' must be a base URL with no query, fragment or user info.");
            var text = uri.GetLeftPart(UriPartial.Path);
            return new Uri(text.EndsWith("/") ? text : text + "/");
        }

        static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback) return true;
            return IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip);
        }
    }
}
