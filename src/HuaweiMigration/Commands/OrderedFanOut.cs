using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Runs one request per id with up to <c>limit</c> in flight, across ProcessRecord calls, and hands the
    /// results back on the pipeline thread in input order as soon as each one's turn comes.
    /// </summary>
    internal sealed class OrderedFanOut<T>
    {
        readonly HuaweiCloudCmdlet _cmdlet;
        readonly int _limit;
        readonly Action<string, T> _onResult;
        readonly Action<string, HuaweiApiException> _onError;
        readonly Queue<KeyValuePair<string, Task<T>>> _pending = new Queue<KeyValuePair<string, Task<T>>>();

        public OrderedFanOut(HuaweiCloudCmdlet cmdlet, int limit, Action<string, T> onResult, Action<string, HuaweiApiException> onError)
        {
            _cmdlet = cmdlet;
            _limit = Math.Max(1, limit);
            _onResult = onResult;
            _onError = onError;
        }

        public void Add(string id, Func<CancellationToken, Task<T>> request)
        {
            while (_pending.Count >= _limit) CompleteOldest();
            Task<T> task;
            try
            {
                task = request(_cmdlet.CancellationToken);
            }
            catch (HuaweiApiException ex)
            {
                task = Task.FromException<T>(ex);
            }
            _pending.Enqueue(new KeyValuePair<string, Task<T>>(id, task));
            _cmdlet.Flush();
        }

        /// <summary>Waits for and hands back everything still pending.</summary>
        public void Drain()
        {
            while (_pending.Count > 0) CompleteOldest();
        }

        void CompleteOldest()
        {
            var next = _pending.Dequeue();
            T result;
            try
            {
                result = _cmdlet.Await(next.Value);
            }
            catch (HuaweiApiException ex)
            {
                _onError(next.Key, ex);
                return;
            }
            _onResult(next.Key, result);
        }
    }
}
