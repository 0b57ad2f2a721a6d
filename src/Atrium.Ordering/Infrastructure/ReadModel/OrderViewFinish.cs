using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Infrastructure.ReadModel;

/// <summary>A view's move to its final status, as a final order event asks for it.</summary>
internal sealed record OrderViewFinish(Guid OrderId, OrderStatus Status, string? Reason, long UpdatedAtTicks);
