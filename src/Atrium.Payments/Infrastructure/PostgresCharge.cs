using Atrium.Chassis.Data.Persistence;
using Atrium.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Atrium.Payments.Infrastructure;

/// <summary>
/// A whole first charge on PostgreSQL as one statement in its own implicit transaction, one round trip: the barrier
/// row, the user's conditional debit, the credit of the order's merchant sub-account, both ledger entries and the
/// payment row (<c>Captured</c>, or <c>Declined</c> when the debit found the funds short). Data-modifying CTEs run
/// against one snapshot and each later step runs only if the earlier returned a row, so a repeat (the barrier row is
/// there) moves nothing and writes nothing. The rows it locks are released by the commit that ends the same round
/// trip: no session ever holds the user's or a merchant row while it waits for its client.
/// </summary>
/// <remarks>
/// The barrier row is written only for a user with an account in the charge's currency (and while the merchant
/// sub-account is there), so a refused charge (no account yet) leaves nothing behind and a retry runs afresh, as the
/// rolled-back transaction does on SQLite.
/// </remarks>
internal static class PostgresCharge
{
    private const string Sql =
        """
        WITH barrier AS (
            INSERT INTO tcc_barrier ("TransactionId", "Branch", "Operation", "CreatedAtTicks")
            SELECT @order, @branch, @operation, @now
            WHERE EXISTS (SELECT 1 FROM accounts WHERE "OwnerUserId" = @user AND "Currency" = @currency)
              AND EXISTS (SELECT 1 FROM accounts WHERE "Id" = @shard)
            ON CONFLICT DO NOTHING
            RETURNING 1),
        debit AS (
            UPDATE accounts SET "Balance" = "Balance" - @amount, "Version" = "Version" + 1
            WHERE "OwnerUserId" = @user AND "Currency" = @currency AND "Balance" >= @amount AND EXISTS (SELECT 1 FROM barrier)
            RETURNING "Id", "Balance"),
        credit AS (
            UPDATE accounts SET "Balance" = "Balance" + @amount, "Version" = "Version" + 1
            WHERE "Id" = @shard AND EXISTS (SELECT 1 FROM debit)
            RETURNING "Id", "Balance"),
        entries AS (
            INSERT INTO ledger_entries ("Id", "TransferId", "AccountId", "Direction", "Amount", "Currency", "BalanceAfter", "Reference", "CreatedAt")
            SELECT @debitEntry, @transfer, "Id", 'Debit', @amount, @currency, "Balance", @reference, @now FROM debit
            UNION ALL
            SELECT @creditEntry, @transfer, "Id", 'Credit', @amount, @currency, "Balance", @reference, @now FROM credit
            RETURNING 1),
        payment AS (
            INSERT INTO payments ("OrderId", "UserId", "Amount", "Currency", "Status", "CaptureTransferId", "CreatedAt")
            SELECT @order, @user, @amount, @currency,
                   CASE WHEN EXISTS (SELECT 1 FROM credit) THEN 'Captured' ELSE 'Declined' END,
                   CASE WHEN EXISTS (SELECT 1 FROM credit) THEN @transfer END,
                   @now
            WHERE EXISTS (SELECT 1 FROM barrier)
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM barrier),
               (SELECT "Id" FROM debit), (SELECT "Balance" FROM debit),
               (SELECT "Id" FROM credit), (SELECT "Balance" FROM credit),
               (SELECT count(*) FROM entries), (SELECT count(*) FROM payment)
        """;

    /// <summary>Whether <paramref name="db"/> runs charges through <see cref="RunAsync"/> (PostgreSQL).</summary>
    public static bool Applies(DbContext db) => db.Database.IsNpgsql();

    /// <summary>
    /// Runs the charge; <see cref="PostgresChargeResult.Entered"/> is <see langword="false"/> when it wrote nothing (a
    /// repeat, or no account in the currency), and then the caller finds out which. Retries a deadlock or
    /// serialization failure, which the single statement is not expected to meet.
    /// </summary>
    public static async Task<PostgresChargeResult> RunAsync(
        DbContext db, string orderId, Guid userId, Money amount, Transfer planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(planned);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await ExecuteAsync((NpgsqlConnection)db.Database.GetDbConnection(), orderId, userId, amount, planned, now, cancellationToken).ConfigureAwait(false);
                }
                catch (NpgsqlException ex) when (attempt < WriteTransaction.MaxServerAttempts && WriteTransaction.IsConflict(ex))
                {
                    // Retried as a whole: the implicit transaction rolled back everything of the attempt.
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static async Task<PostgresChargeResult> ExecuteAsync(
        NpgsqlConnection connection, string orderId, Guid userId, Money amount, Transfer planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string>("order", NpgsqlDbType.Text) { TypedValue = orderId });
        parameters.Add(new NpgsqlParameter<string>("branch", NpgsqlDbType.Text) { TypedValue = PaymentBarrier.Branch });
        parameters.Add(new NpgsqlParameter<string>("operation", NpgsqlDbType.Text) { TypedValue = PaymentBarrier.Charge });
        parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = now.UtcTicks });
        parameters.Add(new NpgsqlParameter<Guid>("user", NpgsqlDbType.Uuid) { TypedValue = userId });
        parameters.Add(new NpgsqlParameter<string>("currency", NpgsqlDbType.Text) { TypedValue = amount.Currency });
        parameters.Add(new NpgsqlParameter<long>("amount", NpgsqlDbType.Bigint) { TypedValue = amount.Amount });
        parameters.Add(new NpgsqlParameter<Guid>("shard", NpgsqlDbType.Uuid) { TypedValue = SystemAccounts.MerchantShardOf(orderId) });
        parameters.Add(new NpgsqlParameter<Guid>("transfer", NpgsqlDbType.Uuid) { TypedValue = planned.Id });
        parameters.Add(new NpgsqlParameter<Guid>("debitEntry", NpgsqlDbType.Uuid) { TypedValue = planned.Debit.Id });
        parameters.Add(new NpgsqlParameter<Guid>("creditEntry", NpgsqlDbType.Uuid) { TypedValue = planned.Credit.Id });
        parameters.Add(new NpgsqlParameter<string>("reference", NpgsqlDbType.Text) { TypedValue = planned.Debit.Reference });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var entered = reader.GetBoolean(0);
        if (!entered || reader.IsDBNull(1))
        {
            return new PostgresChargeResult(entered, null, null);
        }

        if (reader.IsDBNull(3) || reader.GetInt64(5) != 2 || reader.GetInt64(6) != 1)
        {
            // Cannot happen while the barrier requires the sub-account, which is never deleted; said loudly if it does.
            throw new InvalidOperationException($"The merchant sub-account {SystemAccounts.MerchantShardOf(orderId)} is missing; the charge of order '{orderId}' cannot be booked.");
        }

        return new PostgresChargeResult(
            true, new AccountBalance(reader.GetGuid(1), reader.GetInt64(2)), new AccountBalance(reader.GetGuid(3), reader.GetInt64(4)));
    }
}
