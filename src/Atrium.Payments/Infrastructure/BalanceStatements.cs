using Atrium.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Payments.Infrastructure;

/// <summary>
/// Escrow-style balance changes: each is one conditional <c>UPDATE ... RETURNING</c> in the caller's transaction, so a
/// balance is never loaded, changed in memory and written back (no lost update, no version conflict to retry), and a
/// row is locked only from this statement to the commit. A debit that the balance cannot cover changes no row and
/// returns <see langword="null"/>; the <c>ck_accounts_balance</c> check constraint stays the last line of defence.
/// </summary>
internal sealed class BalanceStatements(PaymentsDbContext db)
{
    /// <summary>Takes <paramref name="amount"/> from the user's account if it covers it; <see langword="null"/> if it does not or there is none.</summary>
    public Task<AccountBalance?> DebitUserAsync(Guid userId, Money amount, CancellationToken cancellationToken) =>
        SingleAsync(db.Database.SqlQuery<BalanceRow>(
            $"""
            UPDATE accounts SET "Balance" = "Balance" - {amount.Amount}, "Version" = "Version" + 1
            WHERE "OwnerUserId" = {userId} AND "Currency" = {amount.Currency} AND "Balance" >= {amount.Amount}
            RETURNING "Id", "Balance"
            """), cancellationToken);

    /// <summary>Gives <paramref name="amount"/> to the user's account; <see langword="null"/> if there is none.</summary>
    public Task<AccountBalance?> CreditUserAsync(Guid userId, Money amount, CancellationToken cancellationToken) =>
        SingleAsync(db.Database.SqlQuery<BalanceRow>(
            $"""
            UPDATE accounts SET "Balance" = "Balance" + {amount.Amount}, "Version" = "Version" + 1
            WHERE "OwnerUserId" = {userId} AND "Currency" = {amount.Currency}
            RETURNING "Id", "Balance"
            """), cancellationToken);

    /// <summary>Gives <paramref name="amount"/> to the account <paramref name="accountId"/> (a merchant sub-account); <see langword="null"/> if there is none.</summary>
    public Task<AccountBalance?> CreditAsync(Guid accountId, Money amount, CancellationToken cancellationToken) =>
        SingleAsync(db.Database.SqlQuery<BalanceRow>(
            $"""
            UPDATE accounts SET "Balance" = "Balance" + {amount.Amount}, "Version" = "Version" + 1
            WHERE "Id" = {accountId} AND "Currency" = {amount.Currency}
            RETURNING "Id", "Balance"
            """), cancellationToken);

    /// <summary>
    /// Takes <paramref name="amount"/> from the funding account <paramref name="accountId"/>, which may go below zero
    /// (the check constraint allows it for that kind only); <see langword="null"/> if there is none in the currency.
    /// </summary>
    public Task<AccountBalance?> DebitFundingAsync(Guid accountId, Money amount, CancellationToken cancellationToken) =>
        SingleAsync(db.Database.SqlQuery<BalanceRow>(
            $"""
            UPDATE accounts SET "Balance" = "Balance" - {amount.Amount}, "Version" = "Version" + 1
            WHERE "Id" = {accountId} AND "Currency" = {amount.Currency} AND "Kind" = 'Funding'
            RETURNING "Id", "Balance"
            """), cancellationToken);

    /// <summary>
    /// Takes <paramref name="amount"/> back from the account that the transfer <paramref name="captureTransferId"/>
    /// credited (the merchant sub-account of a capture, found in the ledger by the same statement), if it covers it;
    /// <see langword="null"/> if it does not.
    /// </summary>
    public Task<AccountBalance?> DebitCreditedByAsync(Guid captureTransferId, Money amount, CancellationToken cancellationToken) =>
        SingleAsync(db.Database.SqlQuery<BalanceRow>(
            $"""
            UPDATE accounts SET "Balance" = "Balance" - {amount.Amount}, "Version" = "Version" + 1
            WHERE "Id" = (SELECT "AccountId" FROM ledger_entries WHERE "TransferId" = {captureTransferId} AND "Direction" = 'Credit')
              AND "Currency" = {amount.Currency} AND "Balance" >= {amount.Amount}
            RETURNING "Id", "Balance"
            """), cancellationToken);

    // Listed, not composed: EF wraps a composed SqlQuery in a SELECT, which an UPDATE cannot be part of.
    private static async Task<AccountBalance?> SingleAsync(IQueryable<BalanceRow> statement, CancellationToken cancellationToken) =>
        (await statement.ToListAsync(cancellationToken).ConfigureAwait(false)) is [var row] ? new AccountBalance(row.Id, row.Balance) : null;
}
