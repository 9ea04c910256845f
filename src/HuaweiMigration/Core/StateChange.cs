using System;
using System.Threading;
using System.Threading.Tasks;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Sends a state-changing request (a stop, an IP switch) without ever repeating it blindly. After any failure the
    /// resource is read: when the read shows the change took effect (or its end state already holds), that is the
    /// result; only when the failure was ambiguous (no answer, a 5xx, an unreadable answer) and the read shows the
    /// request did not take effect is it sent once more.
    /// </summary>
    public static class StateChange
    {
        /// <summary>How often a state-changing request is sent at most.</summary>
        public const int MaxSends = 2;

        /// <param name="send">Sends the request (through <see cref="CloudHttpClient.SendStateChangeAsync"/>).</param>
        /// <param name="judge">Reads the resource after <paramref name="send"/> failed: the result when the end state holds,
        /// null when the read shows the request did not take effect. It throws when it cannot tell: an exception whose
        /// InnerException is the failure is its verdict and is reported as is.</param>
        /// <param name="ct">Cancels the send and the read.</param>
        public static async Task<T> SendAsync<T>(Func<CancellationToken, Task<T>> send,
            Func<HuaweiApiException, CancellationToken, Task<T>> judge, CancellationToken ct) where T : class
        {
            for (int sends = 1; ; sends++)
            {
                HuaweiApiException failure;
                try
                {
                    return await send(ct).ConfigureAwait(false);
                }
                catch (HuaweiApiException ex) when (ex.Category != ApiErrorCategory.AuthenticationError && ex.ErrorCode != "NotConnected")
                {
                    failure = ex;
                }
                T judged;
                try
                {
                    judged = await judge(failure, ct).ConfigureAwait(false);
                }
                catch (HuaweiApiException verdict) when (ReferenceEquals(verdict.InnerException, failure))
                {
                    throw;
                }
                catch (HuaweiApiException) when (RetryPolicy.IsAmbiguous(failure))
                {
                    throw Unconfirmed(failure);
                }
                catch (HuaweiApiException)
                {
                    throw failure;
                }
                if (judged != null) return judged;
                if (!RetryPolicy.IsAmbiguous(failure) || sends >= MaxSends) throw failure;
            }
        }

        /// <summary>The judge's verdict that the read cannot tell whether the request took effect, so it is not sent again.</summary>
        public static HuaweiApiException CannotTell(HuaweiApiException failure, string seen) => new HuaweiApiException(failure.ErrorCode,
            failure.ServiceMessage + " " + seen + ", so whether the request took effect is unknown and it was not sent again.",
            failure.Category, failure.StatusCode, failure.RequestId, failure);

        static HuaweiApiException Unconfirmed(HuaweiApiException failure) => new HuaweiApiException(failure.ErrorCode,
            failure.ServiceMessage + " Whether the request took effect is unknown: reading the resource afterwards failed too, so it was not sent again.",
            failure.Category, failure.StatusCode, failure.RequestId, failure);
    }
}
