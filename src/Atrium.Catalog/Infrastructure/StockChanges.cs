using System.Text.Json;
using Atrium.Catalog.Domain;

namespace Atrium.Catalog.Infrastructure;

/// <summary>
/// The TCC steps of the stock branch as <see cref="EscrowBatch"/>es: the barrier row first (a repeat fails on its key),
/// then the reservation row, then one relative update per product in id order, so that the hot rows are locked last,
/// always in the same order, and only for the rest of the batch. Each update is refused by the database itself: the
/// products' check constraint (0 ≤ reserved ≤ on hand) stops an oversell or an over-release, and a reservation's status
/// moves from Held only (anything else sets it to NULL, which its NOT NULL refuses).
/// </summary>
internal static class StockChanges
{
    private const string InsertBarrier = """
        INSERT INTO tcc_barrier ("TransactionId", "Branch", "Operation", "CreatedAtTicks") VALUES (@tx, @branch, @operation, @at)
        """;

    /// <summary>Records the try, the reservation, and holds every line's units.</summary>
    public static EscrowBatch Hold(CatalogDbContext db, string branch, Reservation reservation, long nowTicks) =>
        PerProduct(
            Barrier(new EscrowBatch(db), reservation.TransactionId, branch, TccBarrier.Try, nowTicks).Add(
                """
                INSERT INTO reservations ("TransactionId", lines, "Status", "CreatedAt", "ExpiresAt") VALUES (@tx, @lines, @status, @created, @expires)
                """,
                ("tx", reservation.TransactionId),
                ("lines", JsonSerializer.Serialize(reservation.Lines, JsonSerializerOptions.Default)),
                ("status", nameof(ReservationStatus.Held)),
                ("created", reservation.CreatedAt.UtcTicks),
                ("expires", reservation.ExpiresAt.UtcTicks)),
            reservation,
            """UPDATE products SET "Reserved" = "Reserved" + @quantity, "Version" = "Version" + 1 WHERE "Id" = @id""");

    /// <summary>Records the confirm, marks the reservation confirmed, and ships its units (they leave on hand and reserved).</summary>
    public static EscrowBatch Ship(CatalogDbContext db, string branch, Reservation reservation, long nowTicks) =>
        PerProduct(
            Settle(Barrier(new EscrowBatch(db), reservation.TransactionId, branch, TccBarrier.Confirm, nowTicks), reservation, ReservationStatus.Confirmed),
            reservation,
            """UPDATE products SET "OnHand" = "OnHand" - @quantity, "Reserved" = "Reserved" - @quantity, "Version" = "Version" + 1 WHERE "Id" = @id""");

    /// <summary>Records the cancel, marks the reservation released, and gives its units back.</summary>
    public static EscrowBatch Release(CatalogDbContext db, string branch, Reservation reservation, long nowTicks) =>
        PerProduct(
            Settle(Barrier(new EscrowBatch(db), reservation.TransactionId, branch, TccBarrier.Cancel, nowTicks), reservation, ReservationStatus.Released),
            reservation,
            """UPDATE products SET "Reserved" = "Reserved" - @quantity, "Version" = "Version" + 1 WHERE "Id" = @id""");

    /// <summary>Records a cancel that came before any try, and the try row that refuses a late one.</summary>
    public static EscrowBatch NullCompensation(CatalogDbContext db, string branch, string transactionId, long nowTicks) =>
        Barrier(Barrier(new EscrowBatch(db), transactionId, branch, TccBarrier.Cancel, nowTicks), transactionId, branch, TccBarrier.Try, nowTicks);

    // Same row as BranchBarrier.InsertAsync writes, without its ON CONFLICT: here a repeat must fail the whole batch.
    private static EscrowBatch Barrier(EscrowBatch batch, string transactionId, string branch, string operation, long nowTicks) =>
        batch.Add(InsertBarrier, ("tx", transactionId), ("branch", branch), ("operation", operation), ("at", nowTicks));

    private static EscrowBatch Settle(EscrowBatch batch, Reservation reservation, ReservationStatus to) =>
        batch.Add(
            """UPDATE reservations SET "Status" = CASE WHEN "Status" = @held THEN @to END WHERE "TransactionId" = @tx""",
            ("held", nameof(ReservationStatus.Held)),
            ("to", to.ToString()),
            ("tx", reservation.TransactionId));

    private static EscrowBatch PerProduct(EscrowBatch batch, Reservation reservation, string sql)
    {
        foreach (var line in reservation.Lines.GroupBy(l => l.ProductId).OrderBy(g => g.Key))
        {
            batch.Add(sql, ("quantity", line.Sum(l => l.Quantity)), ("id", batch.Key(line.Key)));
        }

        return batch;
    }
}
