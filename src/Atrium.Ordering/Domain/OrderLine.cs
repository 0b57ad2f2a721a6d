namespace Atrium.Ordering.Domain;

/// <summary>One line of an order, priced when the order was placed.</summary>
/// <param name="ProductId">The catalog product.</param>
/// <param name="Quantity">How many units; at least 1.</param>
/// <param name="UnitPrice">The price of one unit at placement.</param>
internal sealed record OrderLine(Guid ProductId, int Quantity, Money UnitPrice);
