using System;
using System.Diagnostics;

namespace HuaweiMigration.Simulator
{
    /// <summary>
    /// Simulated time: real time multiplied by <see cref="TimeScale"/>, plus whatever <see cref="Advance"/> added.
    /// Every migration number is a function of <see cref="Elapsed"/>, the time since the scenario started.
    /// </summary>
    public sealed class SimulatedClock
    {
        readonly object _gate = new();
        readonly Stopwatch _real = Stopwatch.StartNew();
        DateTimeOffset _anchorSim;
        TimeSpan _anchorReal;
        double _scale;

        public SimulatedClock(DateTimeOffset start, double timeScale = 1)
        {
            if (timeScale < 0) throw new ArgumentOutOfRangeException(nameof(timeScale));
            Start = start;
            _anchorSim = start;
            _scale = timeScale;
        }

        /// <summary>When the scenario started (t = 0).</summary>
        public DateTimeOffset Start { get; }

        public DateTimeOffset Now
        {
            get { lock (_gate) return NowLocked(); }
        }

        /// <summary>t: simulated time since <see cref="Start"/>.</summary>
        public TimeSpan Elapsed => Now - Start;

        /// <summary>Simulated seconds per real second; 0 freezes the clock.</summary>
        public double TimeScale
        {
            get { lock (_gate) return _scale; }
            set
            {
                if (value < 0 || double.IsNaN(value)) throw new ArgumentOutOfRangeException(nameof(value));
                lock (_gate)
                {
                    _anchorSim = NowLocked();
                    _anchorReal = _real.Elapsed;
                    _scale = value;
                }
            }
        }

        public void Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
            lock (_gate) _anchorSim += by;
        }

        DateTimeOffset NowLocked() =>
            _anchorSim + TimeSpan.FromTicks((long)((_real.Elapsed - _anchorReal).Ticks * _scale));
    }
}
