using Atrium.Payments.Domain;

namespace Atrium.Payments.Api;

/// <summary>Money on the wire: integer minor units and a currency code.</summary>
internal sealed record MoneyResponse(long Amount, string Currency)
{
    public static MoneyResponse From(Money money) => new(money.Amount, money.Currency);
}
