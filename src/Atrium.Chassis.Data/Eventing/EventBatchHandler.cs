namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Handles several deliveries of one subscription as one unit, oldest first. Returning acknowledges every message of
/// the batch; throwing acknowledges none, and the transport delivers them again one at a time through the
/// subscription's <see cref="EventEnvelopeHandler"/>, so one bad message never holds back the others.
/// </summary>
/// <param name="batch">The messages, in the order they were queued; never empty.</param>
/// <param name="cancellationToken">Fires when the subscription stops without time left to finish.</param>
internal delegate ValueTask EventBatchHandler(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken);
