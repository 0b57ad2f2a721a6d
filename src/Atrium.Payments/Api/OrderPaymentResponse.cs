namespace Atrium.Payments.Api;

/// <summary>An order's payment as <c>GET /api/payments/orders/{orderId}</c> shows it.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Status"><c>Captured</c>, <c>Declined</c>, <c>Settled</c> (its order confirmed), <c>Refunded</c> or <c>NullCompensated</c>.</param>
/// <param name="Amount">The amount charged (or refused); 0 for a null compensation.</param>
internal sealed record OrderPaymentResponse(string OrderId, string Status, MoneyResponse Amount);
