using Atrium.Chassis.Persistence;
using Atrium.Payments.Domain;
using Atrium.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Payments.Application;

/// <summary>
/// The payment branch of the order saga, behind the barrier. Every operation runs in one local transaction with its
/// barrier row, so it moves money at most once however often it is called:
/// <list type="bullet">
/// <item>Charge moves the amount from the user to the merchant once; a repeat answers as the first did (a refusal
/// for insufficient funds included, which is recorded and moves nothing); a charge after the order's refund is
/// refused, so no charge is left hanging.</item>
/// <item>Refund gives a capture back once; a refund with no prior charge succeeds and is recorded (null
/// compensation), which also blocks a late charge. A refund of a settled payment (its order confirmed) is refused
/// and rolled back with its barrier row, so it moves nothing and every repeat is refused the same way.</item>
/// </list>
/// </summary>
internal sealed partial class PaymentService(
    PaymentsDbContext db, PaymentBarrier barrier, PaymentsOptions options, TimeProvider time, ILogger<PaymentService> logger)
{
    // Compiled once: every charge runs it, and the LINQ form rebuilt and hashed the expression tree each time.
    private static readonly ModelCompiledQuery<Func<PaymentsDbContext, Guid, CancellationToken, Task<Account?>>> FindAccountOfQuery =
        new(() => EF.CompileAsyncQuery((PaymentsDbContext db, Guid userId, CancellationToken cancellationToken) =>
            db.Accounts.SingleOrDefault(a => a.OwnerUserId == userId)));

    /// <summary>Charges the order once; a <see cref="PaymentStatus.Captured"/> payment.</summary>
    /// <exception cref="PaymentsDomainException">Refused: insufficient funds (recorded), no account, after a refund, a mismatch.</exception>
    public async Task<Payment> ChargeAsync(string orderId, Guid userId, Money amount, CancellationToken cancellationToken)
    {
        var payment = await RunAsync(ct => ChargeCoreAsync(orderId, userId, amount, ct), cancellationToken).ConfigureAwait(false);
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
            if (await barrier.PassedAsync(orderId, PaymentBarrier.Refund, cancellationToken).ConfigureAwait(false))
            {
                throw new PaymentsDomainException(PaymentsErrors.ChargeAfterRefund, $"Order '{orderId}' was refunded; it cannot be charged.");
            }

            var stored = await db.Payments.AsNoTracking().SingleAsync(p => p.OrderId == orderId, cancellationToken).ConfigureAwait(false);
            return stored.IsSameCharge(userId, amount)
                ? stored
                : throw new PaymentsDomainException(PaymentsErrors.ChargeMismatch, $"Order '{orderId}' was charged with another user or amount.");
        }

        // A refusal below throws before anything is saved: the transaction rolls back with the barrier row, so a
        // retry (the account opens later) runs the charge afresh.
        // Every charge and refund moves money through the merchant account: writers queue on its row, merchant first.
        var merchant = await LockMerchantAsync(cancellationToken).ConfigureAwait(false);
        var account = await FindAccountOfQuery.For(db)(db, userId, cancellationToken).ConfigureAwait(false)
            ?? throw new PaymentsDomainException(PaymentsErrors.AccountNotFound, $"User {userId} has no account yet.");
        var now = time.GetUtcNow();
        Payment payment;
        try
        {
            var transfer = FundsTransfer.Execute(Guid.CreateVersion7(now), account, merchant, amount, $"charge:{orderId}", now);
            db.LedgerEntries.AddRange(transfer.Debit, transfer.Credit);
            payment = Payment.Capture(orderId, userId, amount, transfer, now);
        }
        catch (PaymentsDomainException ex) when (ex.Error == PaymentsErrors.InsufficientFunds)
        {
            // A business outcome, not a fault: kept with the barrier row so that every repeat gets the same refusal.
            payment = Payment.Decline(orderId, userId, amount, now);
            LogDeclined(logger, orderId, amount.Amount, amount.Currency);
        }

        db.Payments.Add(payment);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return payment;
    }

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

        var merchant = await LockMerchantAsync(cancellationToken).ConfigureAwait(false);
        var account = await db.Accounts.SingleAsync(a => a.OwnerUserId == payment.UserId, cancellationToken).ConfigureAwait(false);
        var transfer = FundsTransfer.Execute(Guid.CreateVersion7(now), merchant, account, payment.Money, $"refund:{orderId}", now);
        db.LedgerEntries.AddRange(transfer.Debit, transfer.Credit);
        payment.Refund(transfer, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return payment;
    }

    private async Task<Account> LockMerchantAsync(CancellationToken cancellationToken) =>
        (await db.Accounts.FindForUpdateAsync([SystemAccounts.Merchant], cancellationToken).ConfigureAwait(false)).Single();

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Charge of order {OrderId} declined: insufficient funds for {Amount} {Currency}")]
    private static partial void LogDeclined(ILogger logger, string orderId, long amount, string currency);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Refund before charge for order {OrderId}: recorded, nothing to give back")]
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
