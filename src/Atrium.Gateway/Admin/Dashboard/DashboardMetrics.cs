using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// The dashboard's view of the metrics the modules of this process already record, read in-process through a
/// <see cref="MeterListener"/>: the gateway's request durations become per-route counters and latency buckets
/// (<see cref="RouteTraffic"/>); ordering's saga counters and eventing's outbox and consumer metrics become the orders
/// view; each config reload attempt is handed to <see cref="ReloadHistory"/>. Meters are per process, so a module of
/// another process (the split topology) is not seen here; <see cref="RemoteOrderMetrics"/> reads its /metrics instead.
/// </summary>
internal sealed class DashboardMetrics : IDisposable
{
    private static readonly Dictionary<(string Meter, string Instrument), DashboardInstrument> Wanted = new()
    {
        [("Atrium.Gateway", "atrium.gateway.request.duration")] = DashboardInstrument.RequestDuration,
        [("Atrium.Ordering", "atrium.saga.steps")] = DashboardInstrument.SagaSteps,
        [("Atrium.Ordering", "atrium.saga.completed")] = DashboardInstrument.SagaCompleted,
        [("Atrium.Ordering", "atrium.saga.running")] = DashboardInstrument.SagaRunning,
        [("Atrium.Ordering", "atrium.saga.in_flight")] = DashboardInstrument.SagaInFlight,
        [("Atrium.Eventing", "atrium.outbox.pending")] = DashboardInstrument.OutboxPending,
        [("Atrium.Eventing", "atrium.eventing.queue_depth")] = DashboardInstrument.QueueDepth,
        [("Atrium.Eventing", "atrium.eventing.dead_lettered")] = DashboardInstrument.DeadLettered,
        [("Atrium.Eventing", "atrium.eventing.parked")] = DashboardInstrument.Parked,
        [("Atrium.Config", "atrium.config.reloads")] = DashboardInstrument.ConfigReload,
    };

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, RouteTraffic> _routes = new(StringComparer.Ordinal);
    private readonly Lock _observeGate = new();
    private readonly ReloadHistory _reloads;
    private int _orderingSeen;

    public DashboardMetrics(ReloadHistory reloads)
    {
        _reloads = reloads;
        _listener.InstrumentPublished = static (instrument, listener) =>
        {
            if (Wanted.TryGetValue((instrument.Meter.Name, instrument.Name), out var which))
            {
                listener.EnableMeasurementEvents(instrument, which);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => OnDouble((DashboardInstrument)state!, value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => OnLong((DashboardInstrument)state!, value, tags));
        _listener.Start();
    }

    /// <summary>Ordering's and eventing's series; the gauges as the last <see cref="ObserveGauges"/> read them.</summary>
    public OrderCounts Orders { get; } = new();

    /// <summary>Whether the ordering module's meter exists in this process.</summary>
    public bool OrderingInProcess => Volatile.Read(ref _orderingSeen) != 0;

    /// <summary>The cumulative counts of every route that has answered a request.</summary>
    public IReadOnlyDictionary<string, RouteTrafficCounts> RouteCounts() =>
        _routes.ToDictionary(r => r.Key, r => r.Value.Read(), StringComparer.Ordinal);

    /// <summary>Reads the observable gauges (sagas running in all and by step, outbox backlog, queue depths) once.</summary>
    public void ObserveGauges()
    {
        lock (_observeGate)
        {
            Orders.SagasInFlight.Clear();
            Orders.OutboxPending.Clear();
            Orders.QueueDepth.Clear();
            _listener.RecordObservableInstruments();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnDouble(DashboardInstrument which, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (which == DashboardInstrument.RequestDuration)
        {
            var route = TagValues.Get(tags, "route");
            var traffic = _routes.GetOrAdd(route, static _ => new RouteTraffic());
            traffic.Record(value, TagValues.Get(tags, "status_class") == "5xx");
        }
    }

    private void OnLong(DashboardInstrument which, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (which)
        {
            case DashboardInstrument.SagaSteps:
                Orders.SagaSteps.Add(TagValues.Get(tags, "step") + LabelledCounts.Separator + TagValues.Get(tags, "outcome"), value);
                break;
            case DashboardInstrument.SagaCompleted:
                Orders.SagasCompleted.Add(TagValues.Get(tags, "outcome") + LabelledCounts.Separator + TagValues.Get(tags, "reason"), value);
                break;
            case DashboardInstrument.SagaRunning:
                Volatile.Write(ref _orderingSeen, 1);
                Orders.SetSagasRunning(value);
                break;
            case DashboardInstrument.SagaInFlight:
                Orders.SagasInFlight.Set(TagValues.Get(tags, "step"), value);
                break;
            case DashboardInstrument.OutboxPending:
                Orders.OutboxPending.Set(TagValues.Get(tags, "outbox"), value);
                break;
            case DashboardInstrument.QueueDepth:
                Orders.QueueDepth.Set(TagValues.Get(tags, "subscription"), value);
                break;
            case DashboardInstrument.DeadLettered:
                Orders.DeadLettered.Add(TagValues.Get(tags, "subscription"), value);
                break;
            case DashboardInstrument.Parked:
                Orders.Parked.Add(TagValues.Get(tags, "subscription"), value);
                break;
            case DashboardInstrument.ConfigReload:
                _reloads.Attempted();
                break;
        }
    }
}
