namespace Atrium.Catalog.Api;

/// <summary>Body of a TCC try: the lines to hold.</summary>
internal sealed record ReservationRequest(IReadOnlyList<ReservationLineRequest>? Lines);
