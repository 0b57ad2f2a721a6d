namespace Atrium.Ordering.Api;

/// <summary>The 202 answer to <c>POST /api/orders</c> (and to its replays).</summary>
internal sealed record OrderAccepted(Guid Id, string Status);
