namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// An event waiting in a service's database to be published, written in the same transaction as the state change
/// it describes (see <see cref="OutboxDbContextExtensions.Outbox(Microsoft.EntityFrameworkCore.DbContext)"/>). Rows are published by the relay and deleted
/// after <see cref="OutboxOptions.PublishedRetention"/>.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The event's id, also the message id on the wire.</summary>
    public Guid Id { get; internal set; }

    /// <summary>The stable event type name, also the topic.</summary>
    public string Type { get; internal set; } = "";

    /// <summary>The event as UTF-8 JSON.</summary>
#pragma warning disable CA1819 // An EF Core entity maps a byte array column.
    public byte[] Payload { get; internal set; } = [];
#pragma warning restore CA1819

    /// <summary>When the event happened.</summary>
    public DateTimeOffset OccurredAt { get; internal set; }

    /// <summary>The W3C <c>traceparent</c> of the operation that wrote the event, if any.</summary>
    public string? Traceparent { get; internal set; }

    /// <summary>Failed publish attempts so far.</summary>
    public int Attempts { get; internal set; }

    /// <summary>The error of the last failed attempt (kept after a later success).</summary>
    public string? LastError { get; internal set; }

    /// <summary>When the row was published; <see langword="null"/> while pending.</summary>
    public DateTimeOffset? PublishedAt { get; internal set; }

    /// <summary>When a relay may (re)try the row: now for new rows, after a backoff once failed, after a lease once claimed.</summary>
    public DateTimeOffset NextAttemptAt { get; internal set; }

    /// <summary>The claim of the relay publishing the row right now, if any.</summary>
    public Guid? ClaimToken { get; internal set; }
}
