namespace Atrium.Chassis.Data.Eventing;

/// <summary>A serialized integration event as a transport carries it.</summary>
/// <param name="MessageId">The event's id; the same on every delivery, so consumers deduplicate on it.</param>
/// <param name="Type">The stable event type name (see <c>Atrium.Contracts.Events.EventTypes</c>).</param>
/// <param name="OccurredAt">When the event happened.</param>
/// <param name="Payload">The event as UTF-8 JSON.</param>
/// <param name="Traceparent">The W3C <c>traceparent</c> of the operation that wrote the event, if any.</param>
internal sealed record EventEnvelope(Guid MessageId, string Type, DateTimeOffset OccurredAt, ReadOnlyMemory<byte> Payload, string? Traceparent)
{
    /// <summary>The W3C <c>tracestate</c> that goes with <see cref="Traceparent"/>, when a transport carried one.</summary>
    public string? Tracestate { get; init; }
}
