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

    /// <summary>
    /// Records the try, the reservation, and holds every line's units. Nothing is read first: the reservation's status
    /// is NULL, which its NOT NULL refuses, unless every product of its lines exists (a relative update of a missing
    /// product would change nothing and refuse nothing), and the products' check constraint refuses a line past what is
    /// available.
    /// </summary>
    public static EscrowBatch Hold(CatalogDbContext db, string branch, Reservation reservation, long nowTicks)
    {
        var batch = Barrier(new EscrowBatch(db), reservation.TransactionId, branch, TccBarrier.Try, nowTicks);
        var products = reservation.Lines.Select(l => l.ProductId).Distinct().ToArray();
        var parameters = new List<(string Name, object Value)>
        {
            ("tx", reservation.TransactionId),
            ("lines", JsonSerializer.Serialize(reservation.Lines, JsonSerializerOptions.Default)),
            ("status", nameof(ReservationStatus.Held)),
            ("created", reservation.CreatedAt.UtcTicks),
            ("expires", reservation.ExpiresAt.UtcTicks),
            ("products", products.Length),
        };
        parameters.AddRange(products.Select((id, i) => ($"p{i}", batch.Key(id))));
        var ids = string.Join(", ", products.Select((_, i) => $"@p{i}"));
        batch.Add(
            $"""
            INSERT INTO reservations ("TransactionId", lines, "Status", "CreatedAt", "ExpiresAt")
            VALUES (@tx, @lines, (SELECT @status WHERE (SELECT count(*) FROM products WHERE "Id" IN ({ids})) = @products), @created, @expires)
            """,
            [.. parameters]);
        return PerProduct(batch, reservation, """UPDATE products SET "Reserved" = "Reserved" + @quantity, "Version" = "Version" + 1 WHERE "Id" = @id""");
    }

    /// <summary>Records the confirm, marks the reservation confirmed, and ships its units (they leave on hand and reserved).</summary>
    public static EscrowBatch Ship(CatalogDbContext db, string branch, Reservation reservation, long nowTicks) =>
        PerProduct(
            Settle(Barrier(new EscrowBatch(db), reservation.TransactionId, branch, TccBarrier.Confirm, nowTicks), reservation.TransactionId, ReservationStatus.Confirmed),
            reservation,
            """UPDATE products SET "OnHand" = "OnHand" - @quantity, "Reserved" = "Reserved" - @quantity, "Version" = "Version" + 1 WHERE "Id" = @id""");

    /// <summary>
    /// PostgreSQL: records the confirm, marks the reservation confirmed and ships its units, reading nothing first: the
    /// lines come from the reservation's own row, inside the batch. The barrier row is written only when the reservation
    /// exists, so a batch whose first statement changed no row changed nothing (no such reservation).
    /// </summary>
    public static EscrowBatch ShipStored(CatalogDbContext db, string branch, string transactionId, long nowTicks) =>
        Settle(
            new EscrowBatch(db).Add(
                """
                INSERT INTO tcc_barrier ("TransactionId", "Branch", "Operation", "CreatedAtTicks")
                SELECT @tx, @branch, @operation, @at WHERE EXISTS (SELECT 1 FROM reservations WHERE "TransactionId" = @tx)
                """,
                ("tx", transactionId),
                ("branch", branch),
                ("operation", TccBarrier.Confirm),
                ("at", nowTicks)),
            transactionId,
            ReservationStatus.Confirmed)
        .Add(
            // The products in id order, as every other step takes them (the join follows the ordered lines).
            """
            UPDATE products AS p SET "OnHand" = p."OnHand" - l.quantity, "Reserved" = p."Reserved" - l.quantity, "Version" = p."Version" + 1
            FROM (SELECT x."ProductId" AS id, sum(x."Quantity") AS quantity
                  FROM reservations AS r, json_to_recordset(r.lines::json) AS x("ProductId" uuid, "Quantity" integer)
                  WHERE r."TransactionId" = @tx
                  GROUP BY x."ProductId" ORDER BY x."ProductId") AS l
            WHERE p."Id" = l.id
            """,
            ("tx", transactionId));

    /// <summary>Records the cancel, marks the reservation released, and gives its units back.</summary>
    public static EscrowBatch Release(CatalogDbContext db, string branch, Reservation reservation, long nowTicks) =>
        PerProduct(
            Settle(Barrier(new EscrowBatch(db), reservation.TransactionId, branch, TccBarrier.Cancel, nowTicks), reservation.TransactionId, ReservationStatus.Released),
            reservation,
            """UPDATE products SET "Reserved" = "Reserved" - @quantity, "Version" = "Version" + 1 WHERE "Id" = @id""");

    /// <summary>Records a cancel that came before any try, and the try row that refuses a late one.</summary>
    public static EscrowBatch NullCompensation(CatalogDbContext db, string branch, string transactionId, long nowTicks) =>
        Barrier(Barrier(new EscrowBatch(db), transactionId, branch, TccBarrier.Cancel, nowTicks), transactionId, branch, TccBarrier.Try, nowTicks);

    // Same row as BranchBarrier.InsertAsync writes, without its ON CONFLICT: here a repeat must fail the whole batch.
    private static EscrowBatch Barrier(EscrowBatch batch, string transactionId, string branch, string operation, long nowTicks) =>
        batch.Add(InsertBarrier, ("tx", transactionId), ("branch", branch), ("operation", operation), ("at", nowTicks));

    private static EscrowBatch Settle(EscrowBatch batch, string transactionId, ReservationStatus to) =>
        batch.Add(
            """UPDATE reservations SET "Status" = CASE WHEN "Status" = @held THEN @to END WHERE "TransactionId" = @tx""",
            ("held", nameof(ReservationStatus.Held)),
            ("to", to.ToString()),
            ("tx", transactionId));

    private static EscrowBatch PerProduct(EscrowBatch batch, Reservation reservation, string sql)
    {
        foreach (var line in reservation.Lines.GroupBy(l => l.ProductId).OrderBy(g => g.Key))
        {
            batch.Add(sql, ("quantity", line.Sum(l => l.Quantity)), ("id", batch.Key(line.Key)));
        }

        return batch;
    }
}
