namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// A topic of the in-process transport: its subscriptions' queues, and the recent messages a subscription created
/// later still receives (see <see cref="InProcessTransportOptions.LateSubscriberWindow"/>).
/// </summary>
internal sealed class InProcessTopic(string name, InProcessTransportOptions options, EventingMetrics metrics)
{
    private readonly Lock _gate = new();
    private readonly Queue<(EventEnvelope Envelope, DateTimeOffset PublishedAt)> _retained = new();
    private InProcessQueue[] _queues = [];

    public string Name => name;

    /// <summary>Retains <paramref name="envelope"/> and returns the queues it must go to, as one atomic step.</summary>
    public InProcessQueue[] Accept(EventEnvelope envelope, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (options.LateSubscriberWindow > TimeSpan.Zero)
            {
                Trim(now);
                _retained.Enqueue((envelope, now));
                if (_retained.Count > options.QueueCapacity)
                {
                    _retained.Dequeue();
                }
            }

            return _queues;
        }
    }

    public InProcessQueue GetOrCreateQueue(string subscription, DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var existing in _queues)
            {
                if (existing.Subscription == subscription)
                {
                    return existing;
                }
            }

            var queue = new InProcessQueue(name, subscription, options.QueueCapacity, metrics);
            Trim(now);
            foreach (var (envelope, _) in _retained)
            {
                queue.TryEnqueue(envelope);
            }

            _queues = [.. _queues, queue];
            return queue;
        }
    }

    private void Trim(DateTimeOffset now)
    {
        var cutoff = now - options.LateSubscriberWindow;
        while (_retained.TryPeek(out var oldest) && oldest.PublishedAt < cutoff)
        {
            _retained.Dequeue();
        }
    }
}
