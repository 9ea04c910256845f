using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HuaweiMigration.Simulator
{
    internal sealed partial class SimulatedCloud
    {
        const string IamTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

        SimResponse IssueToken(SimRequest request)
        {
            string domain, name, password, scopeName, scopeId;
            try
            {
                var root = JsonNode.Parse(request.Body);
                // Like Keystone, which validates the body against a JSON schema where no member may be null.
                if (FirstNull(root, "") is { } nullPath)
                    return IamError(400, $"Invalid input for field '{nullPath}': None is not of type 'string'.", "Bad Request");
                var auth = root?["auth"];
                var methods = auth?["identity"]?["methods"]?.AsArray().Select(m => m?.GetValue<string>()) ?? Enumerable.Empty<string>();
                var user = auth?["identity"]?["password"]?["user"];
                if (!methods.Contains("password") || user == null)
                    return IamError(400, "The request body must use the password method.", "Bad Request");
                domain = user["domain"]?["name"]?.GetValue<string>();
                name = user["name"]?.GetValue<string>();
                password = user["password"]?.GetValue<string>();
                scopeName = auth["scope"]?["project"]?["name"]?.GetValue<string>();
                scopeId = auth["scope"]?["project"]?["id"]?.GetValue<string>();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return IamError(400, "The request body is not valid JSON.", "Bad Request");
            }

            bool known = _scenario.Users.Any(u => u.Domain == domain && u.Name == name && u.Password == password);
            if (!known) return IamError(401, "The username or password is wrong.", "Unauthorized");
            if ((scopeName ?? _scenario.Region) != _scenario.Region || (scopeId ?? _scenario.ProjectId) != _scenario.ProjectId)
                return IamError(401, "The request you have made requires authentication.", "Unauthorized");

            var (token, issued, expires) = _auth.IssueToken();
            var domainNode = new JsonObject { ["id"] = StableId("domain", domain), ["name"] = domain };
            var body = new JsonObject
            {
                ["token"] = new JsonObject
                {
                    ["expires_at"] = IamTime(expires),
                    ["issued_at"] = IamTime(issued),
                    ["methods"] = new JsonArray("password"),
                    ["project"] = new JsonObject
                    {
                        ["id"] = _scenario.ProjectId,
                        ["name"] = _scenario.Region,
                        ["domain"] = domainNode.DeepClone(),
                    },
                    ["user"] = new JsonObject
                    {
                        ["id"] = StableId("user", domain + "/" + name),
                        ["name"] = name,
                        ["domain"] = domainNode,
                        ["password_expires_at"] = "",
                    },
                    ["roles"] = new JsonArray(new JsonObject { ["id"] = "0", ["name"] = "op_service" }),
                    ["catalog"] = new JsonArray(),
                },
            };
            var response = SimResponse.Json(201, body);
            response.Headers["X-Subject-Token"] = token;
            return response;
        }

        SimResponse ListProjects(SimRequest request)
        {
            string name = request.QueryValue("name");
            var projects = new JsonArray();
            if (name == null || name == _scenario.Region)
                projects.Add(new JsonObject
                {
                    ["id"] = _scenario.ProjectId,
                    ["name"] = _scenario.Region,
                    ["enabled"] = true,
                    ["is_domain"] = false,
                    ["description"] = "",
                });
            return SimResponse.Json(200, new JsonObject { ["projects"] = projects });
        }

        static string FirstNull(JsonNode node, string path)
        {
            if (node is JsonObject o)
                foreach (var member in o)
                {
                    string at = path.Length == 0 ? member.Key : path + "." + member.Key;
                    if (member.Value == null) return at;
                    if (FirstNull(member.Value, at) is { } found) return found;
                }
            else if (node is JsonArray a)
                for (int i = 0; i < a.Count; i++)
                {
                    if (a[i] == null) return $"{path}[{i}]";
                    if (FirstNull(a[i], $"{path}[{i}]") is { } found) return found;
                }
            return null;
        }

        /// <summary>IAM's own error shape, unlike the gateway's and the services'.</summary>
        static SimResponse IamError(int code, string message, string title) =>
            SimResponse.Json(code, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["title"] = title } });

        static string IamTime(DateTimeOffset time) => time.UtcDateTime.ToString(IamTimeFormat, CultureInfo.InvariantCulture);

        static string StableId(string kind, string value) =>
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + value)), 0, 16).ToLowerInvariant();
    }
}
