using System;

namespace HuaweiMigration.Core
{
    /// <summary>What kind of failure an API call met; the cmdlets map it to a PowerShell ErrorCategory.</summary>
    public enum ApiErrorCategory
    {
        InvalidArgument,
        AuthenticationError,
        PermissionDenied,
        ObjectNotFound,
        LimitsExceeded,
        ResourceUnavailable,
        OperationTimeout,
        ConnectionError,
        InvalidResponse,
        InvalidOperation,
        InvalidData,
    }

    /// <summary>A failed call to a Huawei Cloud API, with the service's error code and the request id.</summary>
    public sealed class HuaweiApiException : Exception
    {
        public HuaweiApiException(string errorCode, string message, ApiErrorCategory category,
            int? statusCode = null, string requestId = null, Exception inner = null)
            : base(Compose(errorCode, message, statusCode, requestId), inner)
        {
            ErrorCode = errorCode;
            ServiceMessage = message;
            Category = category;
            StatusCode = statusCode;
            RequestId = requestId;
        }

        /// <summary>The service's error_code (e.g. DCS.4133), or Http&lt;status&gt;, or a module id such as Timeout.</summary>
        public string ErrorCode { get; }
        public string ServiceMessage { get; }
        public ApiErrorCategory Category { get; }
        public int? StatusCode { get; }
        public string RequestId { get; }

        /// <summary>Set when the request was never sent: the session's credential was rejected earlier (see CloudHttpClient.Rejection).</summary>
        internal bool NotSent { get; set; }

        /// <summary>Set for a failure of a transient kind that another attempt cannot mend (a host name DNS does not know).</summary>
        internal bool NeverRetried { get; set; }

        /// <summary>True for failures worth another attempt: throttling, 5xx, timeouts and broken connections.</summary>
        public bool IsTransient => !NeverRetried && (
            Category == ApiErrorCategory.LimitsExceeded || Category == ApiErrorCategory.ResourceUnavailable ||
            Category == ApiErrorCategory.OperationTimeout || Category == ApiErrorCategory.ConnectionError);

        static string Compose(string code, string message, int? status, string requestId)
        {
            string text = string.IsNullOrWhiteSpace(message) ? code : message.Trim();
            if (!status.HasValue && string.IsNullOrEmpty(requestId)) return text;
            string detail = code;
            if (status.HasValue && code != "Http" + status.Value) detail += ", HTTP " + status.Value;
            if (!string.IsNullOrEmpty(requestId)) detail += ", request id " + requestId;
            return text + " (" + detail + ")";
        }

        public static ApiErrorCategory CategoryForStatus(int status)
        {
            switch (status)
            {
                case 400: return ApiErrorCategory.InvalidArgument;
                case 401: return ApiErrorCategory.AuthenticationError;
                case 403: return ApiErrorCategory.PermissionDenied;
                case 404: return ApiErrorCategory.ObjectNotFound;
                case 408: return ApiErrorCategory.OperationTimeout;
                case 429: return ApiErrorCategory.LimitsExceeded;
                default:
                    if (status >= 500) return ApiErrorCategory.ResourceUnavailable;
                    return status >= 400 ? ApiErrorCategory.InvalidArgument : ApiErrorCategory.InvalidResponse;
            }
        }
    }
}
