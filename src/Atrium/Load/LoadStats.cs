namespace Atrium.Load;

/// <summary>
/// Everything a run counts, over the measured window only (after the warm-up): requests by name, failures by status
/// and error code, latencies per second of the run, and orders by outcome. Every method is safe from any thread.
/// </summary>
internal sealed class LoadStats(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly LatencyHistogram _all = new();
    private readonly List<RequestTally> _seconds = [];
    private readonly Dictionary<string, RequestTally> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _cancelled = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _placeToConfirmed = new();
    private long _measureStart;
    private long _measureEnd;
    private bool _measuring;
    private long _placed;
    private long _confirmed;
    private long _unsettled;
    private long _looks;
    private long _balanceChecks;
    private long _balanceMismatches;

    /// <summary>Whether what happens now is counted.</summary>
    public bool Measuring
    {
        get
        {
            lock (_gate)
            {
                return _measuring;
            }
        }
    }

    /// <summary>Whether the measured window is over (iterations still running are finishing).</summary>
    public bool Finished
    {
        get
        {
            lock (_gate)
            {
                return _measureEnd != 0;
            }
        }
    }

    /// <summary>Starts the measured window (the warm-up is over).</summary>
    public void Start()
    {
        lock (_gate)
        {
            _measureStart = time.GetTimestamp();
            _measuring = true;
        }
    }

    /// <summary>Ends the measured window: iterations still running finish, but nothing they send is counted any more.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _measureEnd = time.GetTimestamp();
            _measuring = false;
        }
    }

    /// <summary>One request's result: <paramref name="error"/> is null for a success, else its status and error code.</summary>
    public void Request(string name, double milliseconds, string? error)
    {
        lock (_gate)
        {
            if (!_measuring)
            {
                return;
            }

            var second = (int)time.GetElapsedTime(_measureStart).TotalSeconds;
            while (_seconds.Count <= second)
            {
                _seconds.Add(new RequestTally());
            }

            foreach (var tally in new[] { _seconds[second], Tally(name) })
            {
                tally.Count++;
                tally.Latency.Record(milliseconds);
                tally.Errors += error is null ? 0 : 1;
            }

            _all.Record(milliseconds);
            if (error is not null)
            {
                _errors[error] = _errors.GetValueOrDefault(error) + 1;
            }
        }
    }

    /// <summary>An order accepted (202) in the measured window; the caller follows it and reports how it ended.</summary>
    public void OrderPlaced()
    {
        lock (_gate)
        {
            _placed++;
        }
    }

    /// <summary>A placed order reached its final state.</summary>
    public void OrderSettled(string status, string? reason, double placeToFinalMilliseconds, int looks)
    {
        lock (_gate)
        {
            _looks += looks;
            if (status == "Confirmed")
            {
                _confirmed++;
                _placeToConfirmed.Record(placeToFinalMilliseconds);
            }
            else
            {
                var key = reason ?? status;
                _cancelled[key] = _cancelled.GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>A placed order still pending after <c>--order-timeout</c>, or whose status could not be read.</summary>
    public void OrderUnsettled(int looks)
    {
        lock (_gate)
        {
            _unsettled++;
            _looks += looks;
        }
    }

    /// <summary>A customer's balance compared with what their confirmed orders should have taken.</summary>
    public void BalanceChecked(bool matched)
    {
        lock (_gate)
        {
            _balanceChecks++;
            _balanceMismatches += matched ? 0 : 1;
        }
    }

    public LoadSnapshot Snapshot()
    {
        lock (_gate)
        {
            var elapsed = _measureStart == 0 ? TimeSpan.Zero
                : _measuring ? time.GetElapsedTime(_measureStart) : time.GetElapsedTime(_measureStart, _measureEnd);
            var orders = new OrderCounts(_placed, _confirmed, _cancelled.Values.Sum(), new Dictionary<string, long>(_cancelled, StringComparer.Ordinal),
                _unsettled, _looks, _placeToConfirmed.Percentiles());
            var timeline = _seconds.Select((s, i) => new TimelinePoint(i + 1, s.Count, s.Errors, s.Latency.Percentiles())).ToList();
            var byName = _byName.OrderBy(n => n.Key, StringComparer.Ordinal)
                .Select(n => new RequestKind(n.Key, n.Value.Count, n.Value.Errors, n.Value.Latency.Percentiles())).ToList();
            return new LoadSnapshot(elapsed, _all.Count, _errors.Values.Sum(), new Dictionary<string, long>(_errors, StringComparer.Ordinal),
                _all.Percentiles(), byName, orders, new BalanceCounts(_balanceChecks, _balanceMismatches), timeline);
        }
    }

    private RequestTally Tally(string name)
    {
        if (!_byName.TryGetValue(name, out var tally))
        {
            _byName[name] = tally = new RequestTally();
        }

        return tally;
    }
}
