using System;
using System.Threading.Tasks;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Lets a thread that would block on a request anyway (a cmdlet's pipeline thread) run it itself.
    /// Requests that <see cref="CloudHttpClient"/> starts inside <see cref="Run{T}"/> use the runtime's
    /// synchronous HttpClient.Send where it exists (.NET 5+), which saves the hop to the thread pool and back.
    /// </summary>
    public static class CallingThread
    {
        [ThreadStatic] static bool t_willBlock;

        internal static bool WillBlock => t_willBlock;

        /// <summary>Starts <paramref name="start"/> with this thread marked as willing to block; returns its task.</summary>
        public static Task<T> Run<T>(Func<Task<T>> start)
        {
            bool outer = t_willBlock;
            t_willBlock = true;
            try
            {
                return start();
            }
            finally
            {
                t_willBlock = outer;
            }
        }
    }
}
