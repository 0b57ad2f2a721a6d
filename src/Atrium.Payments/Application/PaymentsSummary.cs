namespace Atrium.Payments.Application;

/// <summary>The books at a glance, for operators and the invariant checks (I2).</summary>
/// <param name="TotalBalance">The sum of every account's balance, system accounts included: always 0.</param>
/// <param name="MerchantBalance">The sum of the merchant's sub-accounts: <paramref name="CapturedAmount"/> − <paramref name="RefundedAmount"/>.</param>
/// <param name="Accounts">User accounts opened (the merchant and funding accounts not counted).</param>
/// <param name="Captures">Orders whose charge was captured, refunded ones included.</param>
/// <param name="Refunds">Orders whose capture was refunded.</param>
/// <param name="CapturedAmount">The sum of every capture, refunded ones included.</param>
/// <param name="RefundedAmount">The sum of every refund.</param>
internal sealed record PaymentsSummary(long TotalBalance, long MerchantBalance, int Accounts, int Captures, int Refunds, long CapturedAmount, long RefundedAmount);
