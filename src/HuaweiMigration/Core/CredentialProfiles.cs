using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace HuaweiMigration.Core
{
    /// <summary>Keys and settings read from a named profile on disk.</summary>
    public sealed class ProfileCredentials
    {
        public string Source { get; internal set; }
        public string AccessKey { get; internal set; }
        internal string SecretKey { get; set; }
        internal string SecurityToken { get; set; }
        public string ProjectId { get; internal set; }
        public string Region { get; internal set; }
    }

    /// <summary>
    /// Reads the official SDK's ~/.huaweicloud/credentials INI file and KooCLI's ~/.hcloud/config.json
    /// (plain-text profiles only; KooCLI's encrypted profiles can only be read by KooCLI).
    /// </summary>
    public static class CredentialProfiles
    {
        public static string DefaultSdkPath(string home) => Path.Combine(home, ".huaweicloud", "credentials");
        public static string DefaultKooCliPath(string home) => Path.Combine(home, ".hcloud", "config.json");

        /// <summary>Finds <paramref name="name"/> in the SDK file first, then in KooCLI's; throws ProfileNotFound when neither has it.</summary>
        public static ProfileCredentials Read(string name, string home)
        {
            var sdk = ReadSdkIni(DefaultSdkPath(home), name);
            if (sdk != null) return sdk;
            var koo = ReadKooCli(DefaultKooCliPath(home), name);
            if (koo != null) return koo;
            throw new HuaweiApiException("ProfileNotFound",
                $"No profile named '{name}' in {DefaultSdkPath(home)} or {DefaultKooCliPath(home)}.", ApiErrorCategory.ObjectNotFound);
        }

        /// <summary>
        /// The [name] section of an SDK credentials file, or null when the file or section is missing. Names match without
        /// regard to case; an exact match wins.
        /// </summary>
        public static ProfileCredentials ReadSdkIni(string path, string name)
        {
            var sections = ReadSdkSections(path);
            var section = Pick(sections, s => s.Key, name).Value;
            if (section == null) return null;
            string Get(string key) => section.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
            var result = new ProfileCredentials
            {
                Source = path,
                AccessKey = Get("ak"),
                SecretKey = Get("sk"),
                SecurityToken = Get("security_token"),
                ProjectId = Get("project_id"),
                Region = Get("region"),
            };
            if (result.AccessKey == null || result.SecretKey == null)
                throw new HuaweiApiException("ProfileIncomplete", $"Profile '{name}' in {path} needs both ak and sk.", ApiErrorCategory.InvalidArgument);
            return result;
        }

        /// <summary>The profile names of both files, for completion; unreadable files give none.</summary>
        public static IEnumerable<string> Names(string home)
        {
            var names = new List<string>();
            try { names.AddRange(ReadSdkSections(DefaultSdkPath(home)).Select(s => s.Key)); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            try
            {
                if (File.Exists(DefaultKooCliPath(home)))
                {
                    using (var doc = JsonDocument.Parse(File.ReadAllBytes(DefaultKooCliPath(home))))
                        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("profiles", out var profiles) && profiles.ValueKind == JsonValueKind.Array)
                            names.AddRange(profiles.EnumerateArray().Select(ProfileName).Where(n => n != null));
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonException) { }
            return names.Distinct(StringComparer.OrdinalIgnoreCase);
        }

        static List<KeyValuePair<string, Dictionary<string, string>>> ReadSdkSections(string path)
        {
            var sections = new List<KeyValuePair<string, Dictionary<string, string>>>();
            if (!File.Exists(path)) return sections;
            Dictionary<string, string> section = null;
            foreach (var raw in File.ReadAllLines(path))
            {
                string line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
                if (line[0] == '[' && line.EndsWith("]"))
                {
                    section = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    sections.Add(new KeyValuePair<string, Dictionary<string, string>>(line.Substring(1, line.Length - 2).Trim(), section));
                    continue;
                }
                int eq = line.IndexOf('=');
                if (section != null && eq > 0) section[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
            }
            return sections;
        }

        /// <summary>The item named exactly <paramref name="name"/>, else the first whose name differs only in case.</summary>
        static T Pick<T>(IEnumerable<T> items, Func<T, string> nameOf, string name)
        {
            var list = items.ToList();
            var exact = list.Where(i => string.Equals(nameOf(i), name, StringComparison.Ordinal));
            return exact.Concat(list.Where(i => string.Equals(nameOf(i), name, StringComparison.OrdinalIgnoreCase))).FirstOrDefault();
        }

        static string ProfileName(JsonElement p) =>
            p.ValueKind == JsonValueKind.Object && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;

        /// <summary>A KooCLI profile, or null when the file or profile is missing. Encrypted profiles give ProfileEncrypted.</summary>
        public static ProfileCredentials ReadKooCli(string path, string name)
        {
            if (!File.Exists(path)) return null;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
            catch (JsonException ex)
            {
                throw new HuaweiApiException("ProfileUnreadable", $"{path} is not valid JSON: {ex.Message}", ApiErrorCategory.InvalidData);
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("profiles", out var profiles) || profiles.ValueKind != JsonValueKind.Array)
                    return null;
                var profile = Pick(profiles.EnumerateArray().Where(p => ProfileName(p) != null), ProfileName, name);
                if (profile.ValueKind != JsonValueKind.Object) return null;

                string Text(JsonElement e, string key) =>
                    e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString().Length > 0 ? v.GetString() : null;
                bool Flag(JsonElement e, string key) =>
                    e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && (v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.String && v.GetString() == "true"));

                bool encrypted = Flag(root, "encrypt") || Flag(root, "encrypted") || Flag(profile, "encrypt") || Flag(profile, "encrypted") ||
                    profile.EnumerateObject().Any(p => p.Name.IndexOf("cipher", StringComparison.OrdinalIgnoreCase) >= 0 ||
                                                       p.Name.IndexOf("encrypted", StringComparison.OrdinalIgnoreCase) >= 0);
                string ak = Text(profile, "accessKeyId"), sk = Text(profile, "secretAccessKey");
                if (encrypted || ((ak == null || sk == null) && Text(profile, "mode") != null))
                    throw new HuaweiApiException("ProfileEncrypted",
                        $"KooCLI profile '{name}' in {path} is encrypted, and only KooCLI can decrypt it. " +
                        "Export its keys to ~/.huaweicloud/credentials, the HUAWEICLOUD_SDK_AK/SK variables, or pass -AccessKey and -SecretKey.",
                        ApiErrorCategory.InvalidData);

                return new ProfileCredentials
                {
                    Source = path,
                    AccessKey = ak,
                    SecretKey = sk,
                    SecurityToken = Text(profile, "securityToken"),
                    ProjectId = Text(profile, "projectId"),
                    Region = Text(profile, "region"),
                };
            }
        }
    }
}
