using System.ComponentModel.DataAnnotations;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Settings of the in-process event transport used when one process runs every module.</summary>
internal sealed class InProcessTransportOptions
{
    /// <summary>How many messages each subscription queues before publishers wait.</summary>
    /// <value>Defaults to <c>1024</c>. Between 1 and 1,000,000.</value>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Deliveries of one message to one subscription before it is parked (kept in memory, logged at Error).</summary>
    /// <value>Defaults to <c>5</c>. Between 1 and 100.</value>
    [Range(1, 100)]
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>The wait before the second delivery; it doubles per attempt up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    /// <value>Defaults to 100 ms. Between 0 and 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two deliveries of one message.</summary>
    /// <value>Defaults to 5 s. Between 0 and 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long published messages are kept for subscriptions that do not exist yet. Modules start one after another,
    /// so a module's relay may publish before a later module subscribes; a subscription created within this window of
    /// a publish still gets the message (at most <see cref="QueueCapacity"/> messages per topic are kept).
    /// </summary>
    /// <value>Defaults to 1 minute. Between 0 (off) and 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LateSubscriberWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most queued messages one delivery hands a subscription that takes batches (every inbox subscription does),
    /// so that a backlog is applied in one transaction per batch rather than one per message; 1 delivers one at a time.
    /// A batch in delivery has left the queue's bounded channel, so it may not be larger than <see cref="QueueCapacity"/>.
    /// </summary>
    /// <value>Defaults to <c>64</c>. Between 1 and 10,000.</value>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>How many parked messages are kept for inspection; older ones are dropped from memory (each was logged).</summary>
    /// <value>Defaults to <c>1000</c>. Between 0 and 1,000,000.</value>
    [Range(0, 1_000_000)]
    public int ParkedCapacity { get; set; } = 1000;
}
