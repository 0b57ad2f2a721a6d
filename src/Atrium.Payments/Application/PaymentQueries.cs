using Atrium.Payments.Domain;
using Atrium.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Payments.Application;

/// <summary>Reads of accounts, payments and the summary of the books.</summary>
internal sealed class PaymentQueries(PaymentsDbContext db)
{
    public Task<Account?> FindAccountAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.OwnerUserId == userId, cancellationToken);

    public Task<Payment?> FindPaymentAsync(string orderId, CancellationToken cancellationToken) =>
        db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.OrderId == orderId, cancellationToken);

    public async Task<PaymentsSummary> SummarizeAsync(CancellationToken cancellationToken)
    {
        // One read transaction, so that the figures agree with each other.
        await using var snapshot = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var balances = await db.Accounts.AsNoTracking()
            .GroupBy(a => a.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count(), Sum = g.Sum(a => a.Balance) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.Status == PaymentStatus.Captured || p.Status == PaymentStatus.Settled || p.Status == PaymentStatus.Refunded)
            .GroupBy(p => p.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Sum = g.Sum(p => p.Amount) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var refunded = payments.SingleOrDefault(p => p.Status == PaymentStatus.Refunded);
        var capturedOnly = payments.Where(p => p.Status is PaymentStatus.Captured or PaymentStatus.Settled)
            .Aggregate((Count: 0, Sum: 0L), (total, p) => (total.Count + p.Count, total.Sum + p.Sum));
        var refunds = refunded?.Count ?? 0;
        var refundedAmount = refunded?.Sum ?? 0;
        return new PaymentsSummary(
            TotalBalance: balances.Sum(b => b.Sum),
            MerchantBalance: balances.SingleOrDefault(b => b.Kind == AccountKind.Merchant)?.Sum ?? 0,
            Accounts: balances.SingleOrDefault(b => b.Kind == AccountKind.User)?.Count ?? 0,
            Captures: capturedOnly.Count + refunds,
            Refunds: refunds,
            CapturedAmount: capturedOnly.Sum + refundedAmount,
            RefundedAmount: refundedAmount);
    }
}
