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
                string name = $"HUAWEICLOUD_SDK_REGION_{service}_{suffix}";
                string o = environment(name);
                return string.IsNullOrWhiteSpace(o) ? Validate(fallback) : FromVariable(name, o);
            }
            // eu-west-101 serves DRS and IAM (the official SDKs' region tables) under myhuaweicloud.eu.
            string euDomain = region == "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com";
            string iamOverride = environment("HUAWEICLOUD_SDK_IAM_ENDPOINT");
            return new ServiceEndpoints(
                Pick("DCS", $"https://dcs.{region}.myhuaweicloud.com"),
                Pick("DRS", $"https://drs.{region}.{euDomain}"),
                string.IsNullOrWhiteSpace(iamOverride) ? Pick("IAM", $"https://iam.{region}.{euDomain}") : FromVariable("HUAWEICLOUD_SDK_IAM_ENDPOINT", iamOverride));
        }

        /// <summary>An endpoint from an environment variable: a bad one names the variable, which the user must fix.</summary>
        static Uri FromVariable(string variable, string value)
        {
            try { return Validate(value); }
            catch (ArgumentException ex) { throw new ArgumentException($"{variable}: {ex.Message}", ex); }
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
        /// <remarks>Messages show the endpoint without its user info, which may hold a password.</remarks>
        public static Uri Validate(string endpoint)
        {
            string shown = Display(endpoint);
            if (!Uri.TryCreate(endpoint?.Trim(), UriKind.Absolute, out var uri))
                throw new ArgumentException($"'{shown}' is not an absolute URL.");
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                throw new ArgumentException($"The endpoint '{shown}' must use https (or http for a loopback address), not '{uri.Scheme}'.");
            if (!string.IsNullOrEmpty(uri.UserInfo))
                throw new ArgumentException($"The endpoint '{shown}' must not carry a user name or password; the session's credential authenticates.");
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
                throw new ArgumentException($"The endpoint '{shown}' uses plain http to a host that is not loopback; use https.");
            if (uri.Port == 0)
                throw new ArgumentException($"The endpoint '{shown}' names port 0, which no server listens on.");
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                throw new ArgumentException($"The endpoint '{shown}' must be a base URL with no query, fragment or user info.");
            var text = uri.GetLeftPart(UriPartial.Path);
            return new Uri(text.EndsWith("/") ? text : text + "/");
        }

        /// <summary>An endpoint as it may be shown: any user info ("user:password@") becomes "***@", parsed or not.</summary>
        public static string Display(string endpoint)
        {
            if (string.IsNullOrEmpty(endpoint)) return endpoint;
            int scheme = endpoint.IndexOf("//", StringComparison.Ordinal);
            int start = scheme < 0 ? 0 : scheme + 2;
            int end = endpoint.IndexOfAny(new[] { '/', '?', '#' }, start);
            string authority = end < 0 ? endpoint.Substring(start) : endpoint.Substring(start, end - start);
            int at = authority.LastIndexOf('@');
            return at < 0 ? endpoint : endpoint.Substring(0, start) + "***" + endpoint.Substring(start + at);
        }

        static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback) return true;
            return IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip);
        }
    }
}
