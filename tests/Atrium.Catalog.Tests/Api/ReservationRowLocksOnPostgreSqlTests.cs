using Atrium.Testing;
using Npgsql;

namespace Atrium.Catalog.Tests.Api;

/// <summary>
/// On PostgreSQL a TCC step locks its products' rows only in the batch that commits it: a step that waits on anything
/// else (here its reservation row, held by a session of the test's) holds no product row meanwhile, so the other orders
/// of that product do not queue behind it.
/// </summary>
public sealed class ReservationRowLocksOnPostgreSqlTests(CatalogOnPostgreSqlFixture catalog) : IClassFixture<CatalogOnPostgreSqlFixture>
{
    [Theory]
    [InlineData("try", "Held", 8)]
    [InlineData("confirm", "Confirmed", 8)]
    [InlineData("cancel", "Released", 10)]
    public async Task Step_StalledOnItsReservationRow_HoldsNoProductRow(string step, string status, int available)
    {
        var product = await catalog.NewProductAsync(10);
        var tx = "tx-" + Guid.NewGuid().ToString("N");
        if (step != "try")
        {
            (await catalog.TryAsync(tx, product, 2)).Status.ShouldBe("Held");
        }

        await using var blocker = new NpgsqlConnection(catalog.ConnectionString);
        await blocker.OpenAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await ExecuteAsync(
            blocker,
            step == "try"
                ? """INSERT INTO reservations ("TransactionId", lines, "Status", "CreatedAt", "ExpiresAt") VALUES (@tx, '[]', 'Held', 0, 0)"""
                : """SELECT 1 FROM reservations WHERE "TransactionId" = @tx FOR UPDATE""",
            ("tx", tx));

        var call = step switch
        {
            "try" => catalog.TryAsync(tx, product, 2),
            "confirm" => catalog.ConfirmAsync(tx),
            _ => catalog.CancelAsync(tx),
        };
        await using var observer = new NpgsqlConnection(catalog.ConnectionString);
        await observer.OpenAsync();
        await WaitUntilBlockedByAsync(observer, blocker.ProcessID, call);

        // Throws lock_not_available (55P03) if the stalled step holds the product's row.
        await using (var probe = await observer.BeginTransactionAsync())
        {
            await ExecuteAsync(observer, """SELECT 1 FROM products WHERE "Id" = @id FOR UPDATE NOWAIT""", ("id", product));
            await probe.RollbackAsync();
        }

        await blocking.RollbackAsync();
        (await call).Status.ShouldBe(status);
        (await catalog.AvailableAsync(product)).ShouldBe(available);
    }

    /// <summary>Waits for a catalog session to queue behind <paramref name="blockerPid"/>, which the step must reach.</summary>
    private static Task WaitUntilBlockedByAsync(NpgsqlConnection observer, int blockerPid, Task call) =>
        Eventually.UntilAsync(
            async () =>
            {
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE @pid = ANY(pg_blocking_pids(pid))", observer);
                command.Parameters.AddWithValue("pid", blockerPid);
                if ((long)(await command.ExecuteScalarAsync())! > 0)
                {
                    return true;
                }

                // A step that finished or failed without waiting is the failure to report.
                call.IsCompleted.ShouldBeFalse("the step did not wait on the test's reservation row");
                return false;
            },
            "a catalog session queues behind the test's session");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
