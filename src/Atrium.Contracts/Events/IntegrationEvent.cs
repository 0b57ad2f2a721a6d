namespace Atrium.Contracts.Events;

/// <summary>
/// A fact one service tells the others, published through its transactional outbox. Immutable; each event type has a
/// stable name in <see cref="EventTypes"/> that stored rows and the wire use instead of the CLR type name.
/// </summary>
public abstract record IntegrationEvent
{
    /// <summary>The message id: the same for every delivery of this event, so consumers can deduplicate on it.</summary>
    /// <value>Defaults to a new random <see cref="Guid"/>.</value>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>When the fact happened, from the producer's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}
