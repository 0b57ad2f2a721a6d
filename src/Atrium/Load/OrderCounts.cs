namespace Atrium.Load;

/// <summary>Orders accepted in the measured window, by how they ended; <see cref="Looks"/> counts GETs of pending orders.</summary>
internal sealed record OrderCounts(
    long Placed,
    long Confirmed,
    long Cancelled,
    IReadOnlyDictionary<string, long> CancelledByReason,
    long Unsettled,
    long Looks,
    LatencyPercentiles PlaceToConfirmed);
