using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HuaweiMigration.Simulator
{
    /// <summary>An answer built in memory before it is written, so that faults can cut or stall it.</summary>
    internal sealed class SimResponse
    {
        public int StatusCode { get; init; } = 200;
        public byte[] Body { get; init; } = System.Array.Empty<byte>();
        public string ContentType { get; init; } = "application/json";
        public Dictionary<string, string> Headers { get; } = new();

        // Like the real services: '+', '<' or non-ASCII text in values go out as is, not as \uXXXX.
        static readonly JsonSerializerOptions WireJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static SimResponse Json(int statusCode, JsonNode body) =>
            new() { StatusCode = statusCode, Body = Encoding.UTF8.GetBytes(ToWire(body)) };

        public static SimResponse Text(int statusCode, string body, string contentType) =>
            new() { StatusCode = statusCode, Body = Encoding.UTF8.GetBytes(body ?? string.Empty), ContentType = contentType };

        /// <summary>The usual Huawei Cloud error shape.</summary>
        public static SimResponse Error(int statusCode, string errorCode, string errorMessage) =>
            Json(statusCode, ErrorBody(errorCode, errorMessage));

        public static JsonObject ErrorBody(string errorCode, string errorMessage) =>
            new() { ["error_code"] = errorCode, ["error_msg"] = errorMessage };

        public static string ToWire(JsonNode body) => body.ToJsonString(WireJson);

        public static SimResponse ApiNotFound() =>
            Error(404, "APIG.0101", "The API does not exist or has not been published in the environment.");

        public static SimResponse AuthFailed(string reason) =>
            Error(401, "APIG.0301", "Incorrect IAM authentication information: " + reason);
    }
}
