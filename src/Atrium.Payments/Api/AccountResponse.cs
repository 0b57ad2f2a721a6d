namespace Atrium.Payments.Api;

/// <summary>The caller's account as <c>GET /api/payments/account</c> shows it.</summary>
internal sealed record AccountResponse(Guid Id, MoneyResponse Balance);
