namespace Atrium.Chassis.Data.Eventing;

/// <summary>A message a subscription gave up on after its last delivery attempt.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Subscription">The subscription whose handler kept failing.</param>
/// <param name="Envelope">The message.</param>
/// <param name="Attempts">Deliveries tried.</param>
/// <param name="LastError">The last handler failure.</param>
/// <param name="ParkedAt">When it was parked.</param>
internal sealed record ParkedMessage(string Topic, string Subscription, EventEnvelope Envelope, int Attempts, string LastError, DateTimeOffset ParkedAt);
