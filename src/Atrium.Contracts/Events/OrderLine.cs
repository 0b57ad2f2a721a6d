namespace Atrium.Contracts.Events;

/// <summary>One line of an order.</summary>
/// <param name="ProductId">The catalog product.</param>
/// <param name="Quantity">How many units; at least 1.</param>
/// <param name="UnitPrice">The price of one unit when the order was placed.</param>
public sealed record OrderLine(Guid ProductId, int Quantity, Money UnitPrice);
