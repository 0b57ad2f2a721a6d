using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;
using Money = Atrium.Payments.Domain.Money;
using Atrium.Payments.Domain;
using Atrium.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Payments.Application;

/// <summary>
/// Opens the account of every registered user and moves <see cref="PaymentsOptions.StartingBalance"/> into it from
/// the funding account. Runs behind the inbox, which commits these changes with its own row; a second event for a
/// user who has an account changes nothing (and the unique owner index refuses a concurrent second opening).
/// </summary>
internal sealed partial class OpenAccountHandler(
    PaymentsDbContext db, BalanceStatements balances, PaymentsOptions options, TimeProvider time, ILogger<OpenAccountHandler> logger)
    : IIntegrationEventHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var userId = integrationEvent.UserId;
        if (await db.Accounts.AnyAsync(a => a.OwnerUserId == userId, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyOpen(logger, userId);
            return;
        }

        var now = time.GetUtcNow();
        var account = Account.OpenForUser(Guid.CreateVersion7(now), userId, options.Currency, now);
        db.Accounts.Add(account);
        if (options.StartingBalance > 0)
        {
            // One conditional statement, not a locked load then a write: the funding row is on every registration.
            var amount = new Money(options.StartingBalance, options.Currency);
            var funding = await balances.DebitFundingAsync(SystemAccounts.Funding, amount, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The funding account {SystemAccounts.Funding} in {options.Currency} is missing; the payments seeder creates it at start.");
            var transfer = FundsTransfer.Fund(Guid.CreateVersion7(now), funding, account, amount, $"opening:{userId}", now);
            db.LedgerEntries.AddRange(transfer.Debit, transfer.Credit);
        }

        LogOpened(logger, account.Id, userId, options.StartingBalance, options.Currency);
    }

    [LoggerMessage(EventId = PaymentsEventIds.AccountOpened, Level = LogLevel.Information, Message = "Account {AccountId} opened for user {UserId} with {Amount} {Currency}")]
    private static partial void LogOpened(ILogger logger, Guid accountId, Guid userId, long amount, string currency);

    [LoggerMessage(EventId = PaymentsEventIds.AccountAlreadyOpen, Level = LogLevel.Debug, Message = "User {UserId} has an account already; nothing to open")]
    private static partial void LogAlreadyOpen(ILogger logger, Guid userId);
}
