namespace Atrium.Ordering.Application.ReadModel;

/// <summary>Money as the API shows it: <c>{"amount": minor units, "currency": "USD"}</c>.</summary>
internal sealed record MoneyView(long Amount, string Currency);
