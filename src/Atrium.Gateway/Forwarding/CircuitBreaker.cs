using Atrium.Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// One cluster's circuit breaker. Closed: outcomes are counted in a sliding window of ten buckets spanning
/// <see cref="CircuitBreakerConfig.SamplingDuration"/>; once the window holds <c>minimumThroughput</c> requests and
/// the failed share reaches <c>failureRatio</c>, the circuit opens. Open: everything is refused for
/// <c>breakDuration</c>. Half-open: one probe request at a time goes through; a failure reopens, and
/// <c>closeAfterSuccesses</c> successes in a row close it. Counting is lock-free; transitions take a lock.
/// </summary>
internal sealed partial class CircuitBreaker
{
    private const int BucketCount = 10;

    private readonly string _cluster;
    private readonly CircuitBreakerConfig _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _bucketLength;
    private readonly long _breakLength;
    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private readonly Lock _gate = new();
    private volatile CircuitState _state;
    private long _openUntil;
    private int _probing;
    private int _probeSuccesses;

    public CircuitBreaker(string cluster, CircuitBreakerConfig config, TimeProvider time, ILogger logger)
    {
        _cluster = cluster;
        _config = config;
        _time = time;
        _logger = logger;
        _bucketLength = Math.Max(1, (long)(config.SamplingDuration.TotalSeconds * time.TimestampFrequency / BucketCount));
        _breakLength = (long)(config.BreakDuration.TotalSeconds * time.TimestampFrequency);
        for (var i = 0; i < BucketCount; i++)
        {
            _buckets[i] = new Bucket();
        }
    }

    /// <summary>The state now: an open circuit whose break is over reads as half-open.</summary>
    public CircuitState State =>
        _state == CircuitState.Open && _time.GetTimestamp() >= Volatile.Read(ref _openUntil) ? CircuitState.HalfOpen : _state;

    /// <summary>The answer while open, if configured.</summary>
    public CircuitBreakerConfig Config => _config;

    /// <summary>
    /// Whether a request may go. <paramref name="probe"/> is set for the one half-open probe in flight, which must be
    /// finished with <see cref="OnResult"/> or <see cref="ReleaseProbe"/>.
    /// </summary>
    public bool TryEnter(out bool probe)
    {
        probe = false;
        var state = _state;
        if (state == CircuitState.Closed)
        {
            return true;
        }

        if (state == CircuitState.Open)
        {
            if (_time.GetTimestamp() < Volatile.Read(ref _openUntil))
            {
                return false;
            }

            Transition(CircuitState.Open, CircuitState.HalfOpen);
        }

        if (Interlocked.CompareExchange(ref _probing, 1, 0) != 0)
        {
            return false;
        }

        if (_state != CircuitState.HalfOpen)
        {
            // Closed (or reopened) between the reads: no probe needed, or none allowed.
            Volatile.Write(ref _probing, 0);
            return _state == CircuitState.Closed;
        }

        probe = true;
        return true;
    }

    /// <summary>Records a finished request that counted (not cancelled by the client or shed before sending).</summary>
    public void OnResult(bool failed, bool probe)
    {
        if (probe)
        {
            OnProbeResult(failed);
            return;
        }

        if (_state != CircuitState.Closed)
        {
            // Started before the circuit opened; the window restarts when it closes.
            return;
        }

        var now = _time.GetTimestamp();
        var epoch = now / _bucketLength;
        var bucket = _buckets[epoch % BucketCount];
        if (Volatile.Read(ref bucket.Epoch) != epoch)
        {
            lock (bucket)
            {
                if (bucket.Epoch != epoch)
                {
                    bucket.Total = 0;
                    bucket.Failures = 0;
                    Volatile.Write(ref bucket.Epoch, epoch);
                }
            }
        }

        Interlocked.Increment(ref bucket.Total);
        if (failed)
        {
            Interlocked.Increment(ref bucket.Failures);
            if (ShouldOpen(epoch))
            {
                Open(CircuitState.Closed);
            }
        }
    }

    /// <summary>Gives the probe slot back without a verdict (the client went away, the request was shed).</summary>
    public void ReleaseProbe() => Volatile.Write(ref _probing, 0);

    private void OnProbeResult(bool failed)
    {
        if (failed)
        {
            Open(CircuitState.HalfOpen);
        }
        else if (Interlocked.Increment(ref _probeSuccesses) >= _config.CloseAfterSuccesses)
        {
            Transition(CircuitState.HalfOpen, CircuitState.Closed);
        }

        Volatile.Write(ref _probing, 0);
    }

    private bool ShouldOpen(long epoch)
    {
        long total = 0, failures = 0;
        foreach (var bucket in _buckets)
        {
            if (Volatile.Read(ref bucket.Epoch) > epoch - BucketCount)
            {
                total += Volatile.Read(ref bucket.Total);
                failures += Volatile.Read(ref bucket.Failures);
            }
        }

        return total >= _config.MinimumThroughput && failures >= _config.FailureRatio * total;
    }

    private void Open(CircuitState from) => Transition(from, CircuitState.Open);

    private void Transition(CircuitState from, CircuitState to)
    {
        lock (_gate)
        {
            if (_state != from)
            {
                return;
            }

            if (to == CircuitState.Open)
            {
                Volatile.Write(ref _openUntil, _time.GetTimestamp() + _breakLength);
            }

            if (to == CircuitState.Closed)
            {
                foreach (var bucket in _buckets)
                {
                    Volatile.Write(ref bucket.Epoch, long.MinValue);
                }
            }

            _probeSuccesses = 0;
            _state = to;
        }

        switch (to)
        {
            case CircuitState.Open:
                LogOpened(_logger, _cluster, from.ToString(), _config.BreakDuration.TotalSeconds);
                break;
            case CircuitState.HalfOpen:
                LogHalfOpen(_logger, _cluster);
                break;
            default:
                LogClosed(_logger, _cluster, _config.CloseAfterSuccesses);
                break;
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.CircuitOpened, Level = LogLevel.Warning, Message = "Cluster {Cluster}: circuit opened (was {From}) for {Seconds} s")]
    private static partial void LogOpened(ILogger logger, string cluster, string from, double seconds);

    [LoggerMessage(EventId = GatewayEventIds.CircuitHalfOpen, Level = LogLevel.Information, Message = "Cluster {Cluster}: circuit half-open, probing")]
    private static partial void LogHalfOpen(ILogger logger, string cluster);

    [LoggerMessage(EventId = GatewayEventIds.CircuitClosed, Level = LogLevel.Information, Message = "Cluster {Cluster}: circuit closed after {Successes} successful probes")]
    private static partial void LogClosed(ILogger logger, string cluster, int successes);

    private sealed class Bucket
    {
        // Fields, not properties: Interlocked and Volatile need refs.
        public long Epoch = long.MinValue;
        public long Total;
        public long Failures;
    }
}
