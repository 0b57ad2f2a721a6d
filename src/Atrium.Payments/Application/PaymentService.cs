using Atrium.Chassis.Data.Persistence;
using Atrium.Payments.Domain;
using Atrium.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Payments.Application;

/// <summary>
/// The payment branch of the order saga, behind the barrier. Every operation runs in one local transaction with its
/// barrier row, so it moves money at most once however often it is called:
/// <list type="bullet">
/// <item>Charge moves the amount from the user to one of the merchant's sub-accounts (chosen by the order id) once; a repeat answers as the first did (a refusal
/// for insufficient funds included, which is recorded and moves nothing); a charge after the order's refund is
/// refused, so no charge is left hanging.</item>
/// <item>Refund gives a capture back once; a refund with no prior charge succeeds and is recorded (null
/// compensation), which also blocks a late charge. A refund of a settled payment (its order confirmed) is refused
/// and rolled back with its barrier row, so it moves nothing and every repeat is refused the same way.</item>
/// </list>
/// </summary>
internal sealed partial class PaymentService(
    PaymentsDbContext db, PaymentBarrier barrier, BalanceStatements balances, PaymentsOptions options, TimeProvider time, ILogger<PaymentService> logger)
{
    /// <summary>Charges the order once; a <see cref="PaymentStatus.Captured"/> payment.</summary>
    /// <exception cref="PaymentsDomainException">Refused: insufficient funds (recorded), no account, after a refund, a mismatch.</exception>
    public async Task<Payment> ChargeAsync(string orderId, Guid userId, Money amount, CancellationToken cancellationToken)
    {
        var payment = PostgresCharge.Applies(db)
            ? await ChargeOnServerAsync(orderId, userId, amount, cancellationToken).ConfigureAwait(false)
            : await RunAsync(ct => ChargeCoreAsync(orderId, userId, amount, ct), cancellationToken).ConfigureAwait(false);
        return payment.Status == PaymentStatus.Declined
            ? throw new PaymentsDomainException(PaymentsErrors.InsufficientFunds, $"Insufficient funds for {payment.Money}; the charge of order '{orderId}' is refused.")
            : payment;
    }

    /// <summary>
    /// Refunds the order once: <see cref="PaymentStatus.Refunded"/>, or what the refund found (null compensation, a
    /// declined charge). A capture is given back only when <paramref name="compensationChecked"/> (see <see cref="CompensatedRefunds"/>).
    /// </summary>
    /// <exception cref="PaymentsDomainException">Refused: the payment is settled; a capture and no check (rolled back, nothing moved).</exception>
    public Task<Payment> RefundAsync(string orderId, bool compensationChecked, CancellationToken cancellationToken) =>
        RunAsync(ct => RefundCoreAsync(orderId, compensationChecked, ct), cancellationToken);

    private async Task<Payment> ChargeCoreAsync(string orderId, Guid userId, Money amount, CancellationToken cancellationToken)
    {
        if (!await barrier.EnterAsync(orderId, PaymentBarrier.Charge, cancellationToken).ConfigureAwait(false))
        {
            return await RepeatedChargeAsync(orderId, userId, amount, cancellationToken).ConfigureAwait(false);
        }

        // A refusal below throws before anything is saved: the transaction rolls back with the barrier row, so a
        // retry (the account opens later) runs the charge afresh.
        var now = time.GetUtcNow();
        var debited = await balances.DebitUserAsync(userId, amount, cancellationToken).ConfigureAwait(false);
        Payment payment;
        if (debited is { } from)
        {
            var to = await balances.CreditAsync(SystemAccounts.MerchantShardOf(orderId), amount, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The merchant sub-account of order '{orderId}' is missing.");
            var transfer = FundsTransfer.Record(Guid.CreateVersion7(now), from, to, amount, ChargeReference(orderId), now);
            db.LedgerEntries.AddRange(transfer.Debit, transfer.Credit);
            payment = Payment.Capture(orderId, userId, amount, transfer, now);
        }
        else
        {
            await EnsureAccountAsync(userId, amount, cancellationToken).ConfigureAwait(false);
            payment = Decline(orderId, userId, amount, now);
        }

        db.Payments.Add(payment);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return payment;
    }

    /// <summary>
    /// The charge on PostgreSQL: one statement, one round trip (<see cref="PostgresCharge"/>). When it wrote nothing,
    /// the charge was a repeat or had no account to charge; reads tell which, with no transaction held open.
    /// </summary>
    private async Task<Payment> ChargeOnServerAsync(string orderId, Guid userId, Money amount, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var transferId = Guid.CreateVersion7(now);
            // The entries' ids and reference, for the statement to write with the balances it produces.
            var planned = FundsTransfer.Record(transferId, new AccountBalance(userId, 0), new AccountBalance(SystemAccounts.Merchant, 0), amount, ChargeReference(orderId), now);
            var result = await PostgresCharge.RunAsync(db, orderId, userId, amount, planned, now, cancellationToken).ConfigureAwait(false);
            if (result.Entered)
            {
                return result is { Debited: { } from, Credited: { } to }
                    ? Payment.Capture(orderId, userId, amount, FundsTransfer.Record(transferId, from, to, amount, ChargeReference(orderId), now), now)
                    : Decline(orderId, userId, amount, now);
            }

            if (await barrier.PassedAsync(orderId, PaymentBarrier.Charge, cancellationToken).ConfigureAwait(false))
            {
                return await RepeatedChargeAsync(orderId, userId, amount, cancellationToken).ConfigureAwait(false);
            }

            await EnsureAccountAsync(userId, amount, cancellationToken).ConfigureAwait(false);
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"The charge of order '{orderId}' found the account but could not be booked.");
            }

            // The account opened between the statement and the read: run the charge again.
        }
    }

    private async Task<Payment> RepeatedChargeAsync(string orderId, Guid userId, Money amount, CancellationToken cancellationToken)
    {
        if (await barrier.PassedAsync(orderId, PaymentBarrier.Refund, cancellationToken).ConfigureAwait(false))
        {
            throw new PaymentsDomainException(PaymentsErrors.ChargeAfterRefund, $"Order '{orderId}' was refunded; it cannot be charged.");
        }

        var stored = await db.Payments.AsNoTracking().SingleAsync(p => p.OrderId == orderId, cancellationToken).ConfigureAwait(false);
        return stored.IsSameCharge(userId, amount)
            ? stored
            : throw new PaymentsDomainException(PaymentsErrors.ChargeMismatch, $"Order '{orderId}' was charged with another user or amount.");
    }

    /// <summary>Throws when the user has no account, or one in another currency: the refusals a debit that changed no row can mean besides short funds.</summary>
    private async Task EnsureAccountAsync(Guid userId, Money amount, CancellationToken cancellationToken)
    {
        var currency = await db.Accounts.AsNoTracking().Where(a => a.OwnerUserId == userId).Select(a => a.Currency)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new PaymentsDomainException(PaymentsErrors.AccountNotFound, $"User {userId} has no account yet.");
        if (!string.Equals(currency, amount.Currency, StringComparison.Ordinal))
        {
            throw new PaymentsDomainException(
                PaymentsErrors.CurrencyMismatch, $"A transfer of {amount.Currency} needs two {amount.Currency} accounts, not {currency}.");
        }
    }

    private Payment Decline(string orderId, Guid userId, Money amount, DateTimeOffset now)
    {
        // A business outcome, not a fault: kept with the barrier row so that every repeat gets the same refusal.
        LogDeclined(logger, orderId, amount.Amount, amount.Currency);
        return Payment.Decline(orderId, userId, amount, now);
    }

    private static string ChargeReference(string orderId) => $"charge:{orderId}";

    private async Task<Payment> RefundCoreAsync(string orderId, bool compensationChecked, CancellationToken cancellationToken)
    {
        if (!await barrier.EnterAsync(orderId, PaymentBarrier.Refund, cancellationToken).ConfigureAwait(false))
        {
            return await db.Payments.AsNoTracking().SingleAsync(p => p.OrderId == orderId, cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        if (await barrier.EnterAsync(orderId, PaymentBarrier.Charge, cancellationToken).ConfigureAwait(false))
        {
            // No charge came before this refund: record it and move nothing. The charge row just written refuses a late charge.
            var nothing = Payment.NullCompensate(orderId, options.Currency, now);
            db.Payments.Add(nothing);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogNullCompensation(logger, orderId);
            return nothing;
        }

        var payment = await db.Payments.SingleAsync(p => p.OrderId == orderId, cancellationToken).ConfigureAwait(false);
        payment.EnsureNotSettled();
        if (payment.Status != PaymentStatus.Captured)
        {
            // The charge was declined: there is nothing to give back.
            return payment;
        }

        if (!compensationChecked)
        {
            // Asking ordering inside this transaction would hold the write lock over a network call: roll back and ask first.
            throw new PaymentsDomainException(PaymentsErrors.CompensationUnchecked, $"The refund of order '{orderId}' needs ordering's word first.");
        }

        // The user's row first, then the merchant sub-account, as a charge takes them, so the two never deadlock; the
        // sub-account is the one the capture credited (from its ledger entry), whatever the order id names now.
        var refund = payment.Money;
        var to = await balances.CreditUserAsync(payment.UserId!.Value, refund, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The account of user {payment.UserId} is gone; order '{orderId}' cannot be refunded.");
        var from = await balances.DebitCreditedByAsync(payment.CaptureTransferId!.Value, refund, cancellationToken).ConfigureAwait(false)
            ?? throw new PaymentsDomainException(PaymentsErrors.InsufficientFunds, $"The merchant sub-account of order '{orderId}' cannot give back {refund}.");
        var transfer = FundsTransfer.Record(Guid.CreateVersion7(now), from, to, refund, $"refund:{orderId}", now);
        db.LedgerEntries.AddRange(transfer.Debit, transfer.Credit);
        payment.Refund(transfer, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return payment;
    }

    [LoggerMessage(EventId = PaymentsEventIds.ChargeDeclined, Level = LogLevel.Information, Message = "Charge of order {OrderId} declined: insufficient funds for {Amount} {Currency}")]
    private static partial void LogDeclined(ILogger logger, string orderId, long amount, string currency);

    [LoggerMessage(EventId = PaymentsEventIds.NullCompensation, Level = LogLevel.Information, Message = "Refund before charge for order {OrderId}: recorded, nothing to give back")]
    private static partial void LogNullCompensation(ILogger logger, string orderId);

    /// <summary>
    /// Runs the work in the chassis write transaction (on SQLite its place in the group commit and BEGIN IMMEDIATE, a
    /// retry on conflict). Any failure clears the change tracker, so nothing of it leaks into later work of the scope.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteTransaction.RunAsync(db, () => work(cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
