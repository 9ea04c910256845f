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
    /// <remarks>
    /// The newest request waits to see whether another follows. If one does, it starts in the background;
    /// if it turns out to be alone (one id, or -ThrottleLimit 1), the pipeline thread runs it itself,
    /// which makes a one-id call as cheap as a plain synchronous request.
    /// </remarks>
    internal sealed class OrderedFanOut<T>
    {
        sealed class Entry
        {
            public string Id;
            public Func<CancellationToken, Task<T>> Request;
            public Task<T> Task;
        }

        readonly HuaweiCloudCmdlet _cmdlet;
        readonly int _limit;
        readonly Action<string, T> _onResult;
        readonly Action<string, HuaweiApiException> _onError;
        readonly Queue<Entry> _pending = new Queue<Entry>();
        readonly MigrationService _service;
        Entry _waiting;

        /// <summary>The service tells whose ids these are, for the one RequestsNotSent error after a rejected credential.</summary>
        public OrderedFanOut(HuaweiCloudCmdlet cmdlet, MigrationService service, int limit, Action<string, T> onResult, Action<string, HuaweiApiException> onError)
        {
            _cmdlet = cmdlet;
            _service = service;
            _limit = Math.Max(1, limit);
            _onResult = onResult;
            _onError = onError;
        }

        public void Add(string id, Func<CancellationToken, Task<T>> request)
        {
            // Another id follows, so the waiting request may start now; with a limit of 1 it runs here instead.
            if (_limit > 1) StartWaiting();
            while (_pending.Count >= _limit) CompleteOldest();
            _waiting = new Entry { Id = id, Request = request };
            _pending.Enqueue(_waiting);
            _cmdlet.Flush();
        }

        /// <summary>
        /// Waits for and hands back everything still pending. The ids whose requests were not sent because the credential
        /// was rejected get one error between them, here, rather than one each.
        /// </summary>
        public void Drain()
        {
            if (_pending.Count > 1) StartWaiting();
            while (_pending.Count > 0) CompleteOldest();
            _cmdlet.WriteHeldNotSent();
        }

        void StartWaiting()
        {
            if (_waiting == null) return;
            _waiting.Task = Start(_waiting.Request);
            _waiting = null;
        }

        Task<T> Start(Func<CancellationToken, Task<T>> request)
        {
            try
            {
                return request(_cmdlet.CancellationToken);
            }
            catch (HuaweiApiException ex)
            {
                return Task.FromException<T>(ex);
            }
        }

        void CompleteOldest()
        {
            var next = _pending.Dequeue();
            if (next.Task == null)
            {
                // Not started, so it is the only one left: run it here.
                _waiting = null;
                next.Task = CallingThread.Run(() => Start(next.Request));
            }
            T result;
            try
            {
                result = _cmdlet.Await(next.Task);
            }
            catch (HuaweiApiException ex) when (_cmdlet.HoldNotSent(_service, next.Id, ex))
            {
                return;
            }
            catch (HuaweiApiException ex)
            {
                _onError(next.Id, ex);
                return;
            }
            _onResult(next.Id, result);
        }
    }
}
