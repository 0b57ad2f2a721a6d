namespace Atrium.Ordering.Application.ReadModel;

/// <summary>One line as the read model keeps it and the API shows it.</summary>
internal sealed record OrderViewLine(Guid ProductId, int Quantity, MoneyView UnitPrice);
