namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Records that a subscription's handler took effect for a message, written in the same transaction as that effect,
/// so a redelivered message is skipped (I5). Keyed by (<see cref="MessageId"/>, <see cref="Handler"/>).
/// </summary>
internal sealed class InboxMessage
{
    /// <summary>The message id.</summary>
    public Guid MessageId { get; internal set; }

    /// <summary>The subscription name, which identifies the handler.</summary>
    public string Handler { get; internal set; } = "";

    /// <summary>The event type name.</summary>
    public string Type { get; internal set; } = "";

    /// <summary>When the handler's transaction committed.</summary>
    public DateTimeOffset ProcessedAt { get; internal set; }
}
