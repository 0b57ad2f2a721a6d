using Atrium.Chassis.Persistence;
using Atrium.Catalog.Domain;
using Atrium.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Catalog.Application;

/// <summary>
/// The TCC branch for stock, behind the barrier. Every operation runs in one local transaction with its barrier row,
/// so it takes effect at most once however often it is called:
/// <list type="bullet">
/// <item>Try holds every line or none; a repeated try answers as the first did; a try after its cancel is refused,
/// so no reservation is left hanging.</item>
/// <item>Confirm ships the held stock once.</item>
/// <item>Cancel releases the held stock once; a cancel with no prior try succeeds and is recorded (null
/// compensation), which also blocks a late try.</item>
/// </list>
/// </summary>
internal sealed partial class ReservationService(CatalogDbContext db, CatalogOptions options, TimeProvider time, ILogger<ReservationService> logger)
{
    public const string Branch = "stock";

    // Compiled once: Try, Confirm and Cancel run these for every order, and the LINQ form rebuilt and hashed the
    // expression tree each time.
    private static readonly ModelCompiledQuery<Func<CatalogDbContext, string, CancellationToken, Task<Reservation?>>> FindReservationQuery =
        new(() => EF.CompileAsyncQuery((CatalogDbContext db, string transactionId, CancellationToken cancellationToken) =>
            db.Reservations.SingleOrDefault(r => r.TransactionId == transactionId)));

    private static readonly ModelCompiledQuery<Func<CatalogDbContext, string, CancellationToken, Task<Reservation>>> ReadReservationQuery =
        new(() => EF.CompileAsyncQuery((CatalogDbContext db, string transactionId, CancellationToken cancellationToken) =>
            db.Reservations.AsNoTracking().Single(r => r.TransactionId == transactionId)));

    private static readonly ModelCompiledQuery<Func<CatalogDbContext, Guid[], IAsyncEnumerable<Product>>> ReadProductsQuery =
        new(() => EF.CompileAsyncQuery((CatalogDbContext db, Guid[] ids) => db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))));

    public Task<Reservation> TryAsync(string transactionId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken) =>
        WriteTransaction.RunAsync(db, () => TryCoreAsync(transactionId, lines, cancellationToken), cancellationToken);

    public Task<Reservation> ConfirmAsync(string transactionId, CancellationToken cancellationToken) =>
        WriteTransaction.RunAsync(db, () => ConfirmCoreAsync(transactionId, cancellationToken), cancellationToken);

    /// <summary>Releases the transaction's reservation; <see langword="null"/> when there was none (null compensation).</summary>
    public Task<Reservation?> CancelAsync(string transactionId, CancellationToken cancellationToken) =>
        WriteTransaction.RunAsync(db, () => CancelCoreAsync(transactionId, cancellationToken), cancellationToken);

    private async Task<Reservation> TryCoreAsync(string transactionId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        if (!await BranchBarrier.InsertAsync(db, transactionId, Branch, TccBarrier.Try, time, cancellationToken).ConfigureAwait(false))
        {
            if (await BranchBarrier.ExistsAsync(db, transactionId, Branch, TccBarrier.Cancel, cancellationToken).ConfigureAwait(false))
            {
                throw new CatalogDomainException(CatalogErrors.TryAfterCancel, "The transaction was cancelled; its reservation cannot be made.");
            }

            return await ReadReservationQuery.For(db)(db, transactionId, cancellationToken).ConfigureAwait(false);
        }

        // Where the load below queues for the products' rows (PostgreSQL), refused on a plain read first, so that a storm
        // on a sold-out product does not queue for its row: a refusal that races a release is one the try could have
        // met a moment earlier anyway. On SQLite the load is that plain read, and Hold refuses the same way.
        var ids = lines.Select(l => l.ProductId).Distinct().ToList();
        if (RowLocks.QueuesWriters(db))
        {
            Reservation.EnsureCanHold(lines, await SnapshotAsync(ids, cancellationToken).ConfigureAwait(false));
        }

        var products = await LoadAsync(ids, cancellationToken).ConfigureAwait(false);
        var reservation = Reservation.Hold(transactionId, lines, products, time.GetUtcNow(), options.ReservationTtl);
        db.Reservations.Add(reservation);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return reservation;
    }

    private async Task<Reservation> ConfirmCoreAsync(string transactionId, CancellationToken cancellationToken)
    {
        var first = await BranchBarrier.InsertAsync(db, transactionId, Branch, TccBarrier.Confirm, time, cancellationToken).ConfigureAwait(false);
        var reservation = await FindReservationQuery.For(db)(db, transactionId, cancellationToken).ConfigureAwait(false)
            ?? throw new CatalogDomainException(CatalogErrors.ReservationNotFound, $"No reservation for transaction '{transactionId}'.");
        if (first)
        {
            reservation.Confirm(await LoadAsync(reservation.Lines.Select(l => l.ProductId), cancellationToken).ConfigureAwait(false));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return reservation;
    }

    private async Task<Reservation?> CancelCoreAsync(string transactionId, CancellationToken cancellationToken)
    {
        var first = await BranchBarrier.InsertAsync(db, transactionId, Branch, TccBarrier.Cancel, time, cancellationToken).ConfigureAwait(false);
        if (first && await BranchBarrier.InsertAsync(db, transactionId, Branch, TccBarrier.Try, time, cancellationToken).ConfigureAwait(false))
        {
            // No try came before this cancel: record it and change nothing. The try row just written refuses a late try.
            LogNullCompensation(logger, transactionId);
            return null;
        }

        var reservation = await FindReservationQuery.For(db)(db, transactionId, cancellationToken).ConfigureAwait(false);
        if (first && reservation is { Status: ReservationStatus.Held })
        {
            reservation.Release(await LoadAsync(reservation.Lines.Select(l => l.ProductId), cancellationToken).ConfigureAwait(false));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (first && reservation is { Status: ReservationStatus.Confirmed })
        {
            throw new CatalogDomainException(CatalogErrors.ReservationNotHeld, "The reservation is confirmed; it cannot be cancelled.");
        }

        return reservation;
    }

    /// <summary>The held reservations past their expiry, oldest first.</summary>
    public Task<List<string>> FindExpiredAsync(int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Held && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt)
            .Select(r => r.TransactionId)
            .Take(max)
            .ToListAsync(cancellationToken);
    }

    private Task<Dictionary<Guid, Product>> SnapshotAsync(List<Guid> ids, CancellationToken cancellationToken) =>
        ReadProductsQuery.For(db)(db, [.. ids]).ToDictionaryAsync(p => p.Id, comparer: null, cancellationToken).AsTask();

    private async Task<Dictionary<Guid, Product>> LoadAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return (await db.Products.FindForUpdateAsync(wanted, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Cancel before try for transaction {TransactionId}: recorded, nothing to release")]
    private static partial void LogNullCompensation(ILogger logger, string transactionId);
}
