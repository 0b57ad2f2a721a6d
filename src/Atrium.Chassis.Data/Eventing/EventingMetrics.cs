using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// The "Atrium.Eventing" meter, one per process (shared through the module context): outbox relay and subscription
/// consumer metrics, tagged <c>outbox</c> or <c>subscription</c>.
/// </summary>
internal sealed class EventingMetrics : IDisposable
{
    public const string MeterName = "Atrium.Eventing";

    private readonly Meter _meter = new(MeterName);
    private readonly ConcurrentDictionary<object, (string Outbox, Func<long> Count)> _pending = new();
    private readonly ConcurrentDictionary<object, (string Subscription, Func<long> Count)> _depths = new();
    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;
    private readonly Histogram<double> _relayLag;
    private readonly Counter<long> _relayErrors;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _handlerFailures;
    private readonly Counter<long> _parked;
    private readonly Counter<long> _abandoned;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<double> _deliveryLag;
    private readonly Counter<long> _deadLettered;
    private readonly ConcurrentDictionary<object, Func<long>> _brokers = new();

    // Fine buckets at the low end: publication and delivery within a few milliseconds is the normal case, in one
    // process or across, and the delivery goal (p99 under 50 ms) needs bounds on both sides of it.
    private static readonly double[] LagBuckets = [0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public EventingMetrics()
    {
        _meter.CreateObservableGauge(
            "atrium.outbox.pending",
            () => _pending.Values.Select(p => new Measurement<long>(p.Count(), new KeyValuePair<string, object?>("outbox", p.Outbox))),
            "{message}",
            "Outbox rows not yet published, as the relay last counted them: once a second at most, or once a poll interval when that is longer.");
        _published = _meter.CreateCounter<long>("atrium.outbox.published", "{message}", "Outbox rows published.");
        _publishFailures = _meter.CreateCounter<long>("atrium.outbox.publish_failures", "{message}", "Failed attempts to publish an outbox row.");
        _relayLag = _meter.CreateHistogram(
            "atrium.outbox.relay_lag", "s", "Time from an event occurring to its publication.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _relayErrors = _meter.CreateCounter<long>("atrium.outbox.relay_errors", "{error}", "Relay polls that failed to read or update the outbox.");
        _meter.CreateObservableGauge(
            "atrium.eventing.queue_depth",
            () => _depths.Values.Select(d => new Measurement<long>(d.Count(), new KeyValuePair<string, object?>("subscription", d.Subscription))),
            "{message}",
            "Messages waiting in an in-process subscription queue.");
        _handled = _meter.CreateCounter<long>("atrium.eventing.handled", "{message}", "Messages a subscription handled.");
        _handlerFailures = _meter.CreateCounter<long>("atrium.eventing.handler_failures", "{failure}", "Failed handler invocations (each is retried or parked).");
        _parked = _meter.CreateCounter<long>("atrium.eventing.parked", "{message}", "Messages parked after their last delivery attempt failed.");
        _abandoned = _meter.CreateCounter<long>("atrium.eventing.abandoned", "{message}", "Messages left unhandled in an in-process queue when its consumer stopped.");
        _duplicates = _meter.CreateCounter<long>("atrium.inbox.duplicates", "{message}", "Redelivered messages the inbox skipped.");
        _deliveryLag = _meter.CreateHistogram(
            "atrium.eventing.delivery_lag",
            "s",
            "Time from an event occurring (written with its outbox row) to its subscription's inbox commit.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _deadLettered = _meter.CreateCounter<long>(
            "atrium.eventing.dead_lettered", "{message}", "Messages a subscription moved to its broker dead-letter queue after its last try failed.");
        _meter.CreateObservableGauge(
            "atrium.eventing.broker.connected",
            () => _brokers.Values.Select(b => new Measurement<long>(b())),
            "{connection}",
            "1 while the process's broker transport is connected, 0 while it reconnects.");
    }

    public Meter Meter => _meter;

    public IDisposable TrackPending(string outbox, Func<long> count) => Track(_pending, (outbox, count));

    public IDisposable TrackQueueDepth(string subscription, Func<long> count) => Track(_depths, (subscription, count));

    public IDisposable TrackBrokerConnected(Func<long> connected) => Track(_brokers, connected);

    public void Published(string outbox, TimeSpan lag)
    {
        var tag = new KeyValuePair<string, object?>("outbox", outbox);
        _published.Add(1, tag);
        _relayLag.Record(Math.Max(0, lag.TotalSeconds), tag);
    }

    public void PublishFailed(string outbox) => _publishFailures.Add(1, new KeyValuePair<string, object?>("outbox", outbox));

    public void RelayError(string outbox) => _relayErrors.Add(1, new KeyValuePair<string, object?>("outbox", outbox));

    public void Handled(string subscription, int count = 1) => _handled.Add(count, Subscription(subscription));

    public void HandlerFailed(string subscription) => _handlerFailures.Add(1, Subscription(subscription));

    public void Parked(string subscription) => _parked.Add(1, Subscription(subscription));

    public void Abandoned(string subscription, int count) => _abandoned.Add(count, Subscription(subscription));

    public void Delivered(string subscription, TimeSpan lag) => _deliveryLag.Record(Math.Max(0, lag.TotalSeconds), Subscription(subscription));

    public void Duplicate(string subscription) => _duplicates.Add(1, Subscription(subscription));

    public void DeadLettered(string subscription) => _deadLettered.Add(1, Subscription(subscription));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Subscription(string name) => new("subscription", name);

    private static Registration<T> Track<T>(ConcurrentDictionary<object, T> sources, T source)
    {
        var key = new object();
        sources[key] = source;
        return new Registration<T>(sources, key);
    }

    private sealed class Registration<T>(ConcurrentDictionary<object, T> sources, object key) : IDisposable
    {
        public void Dispose() => sources.TryRemove(key, out _);
    }
}
