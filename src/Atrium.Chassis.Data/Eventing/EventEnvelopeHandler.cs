namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Handles one delivery. Returning acknowledges the message; throwing makes the transport deliver it again later.
/// </summary>
/// <param name="envelope">The message.</param>
/// <param name="cancellationToken">Fires when the subscription stops without time left to finish.</param>
internal delegate ValueTask EventEnvelopeHandler(EventEnvelope envelope, CancellationToken cancellationToken);
