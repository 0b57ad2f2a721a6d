using Atrium.Chassis.Data.Persistence;
using Atrium.Catalog.Domain;
using Atrium.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Catalog.Application;

/// <summary>
/// The TCC branch for stock, behind the barrier. Every step is one <see cref="EscrowBatch"/> (see
/// <see cref="StockChanges"/>) holding its barrier row, so it takes effect at most once however often it is called:
/// <list type="bullet">
/// <item>Try holds every line or none; a repeated try answers as the first did; a try after its cancel is refused,
/// so no reservation is left hanging.</item>
/// <item>Confirm ships the held stock once.</item>
/// <item>Cancel releases the held stock once; a cancel with no prior try succeeds and is recorded (null
/// compensation), which also blocks a late try.</item>
/// </list>
/// What a step needs to know first (the products, the reservation) is read without locks; the batch then writes with
/// relative updates that the database refuses itself when a concurrent step got there first, and the step reads again
/// to answer as that step's outcome says.
/// </summary>
internal sealed partial class ReservationService(CatalogDbContext db, CatalogOptions options, TimeProvider time, ILogger<ReservationService> logger)
{
    public const string Branch = "stock";

    // Compiled once: Try, Confirm and Cancel run these for every order, and the LINQ form rebuilt and hashed the
    // expression tree each time.
    private static readonly ModelCompiledQuery<Func<CatalogDbContext, string, CancellationToken, Task<Reservation?>>> FindReservationQuery =
        new(() => EF.CompileAsyncQuery((CatalogDbContext db, string transactionId, CancellationToken cancellationToken) =>
            db.Reservations.AsNoTracking().SingleOrDefault(r => r.TransactionId == transactionId)));

    private static readonly ModelCompiledQuery<Func<CatalogDbContext, Guid[], IAsyncEnumerable<Product>>> ReadProductsQuery =
        new(() => EF.CompileAsyncQuery((CatalogDbContext db, Guid[] ids) => db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))));

    public async Task<Reservation> TryAsync(string transactionId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        // First without reading anything: the batch itself refuses an unknown product and a line past what is available,
        // and the common case is one that neither refuses.
        var requested = Reservation.Request(transactionId, lines, time.GetUtcNow(), options.ReservationTtl);
        var first = await RunAsync(StockChanges.Hold(db, Branch, requested, time.GetUtcNow().UtcTicks), cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return requested;
        }

        if (first == StoreRefusal.Duplicate)
        {
            return await RepeatedTryAsync(transactionId, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            // Refused: the products as they are now say why (missing, or the units taken), with the figures; or, when
            // units were given back meanwhile, the next batch holds them.
            Reservation reservation;
            try
            {
                var products = await ReadProductsQuery.For(db)(db, [.. lines.Select(l => l.ProductId).Distinct()])
                    .ToDictionaryAsync(p => p.Id, comparer: null, cancellationToken).ConfigureAwait(false);
                reservation = Reservation.Hold(transactionId, lines, products, time.GetUtcNow(), options.ReservationTtl);
            }
            catch (CatalogDomainException) when (attempt == 1)
            {
                // A repeat of a try that held the last units must still answer as the first one did.
                if (await HasBarrierAsync(transactionId, TccBarrier.Try, cancellationToken).ConfigureAwait(false))
                {
                    return await RepeatedTryAsync(transactionId, cancellationToken).ConfigureAwait(false);
                }

                throw;
            }

            var refusal = await RunAsync(StockChanges.Hold(db, Branch, reservation, time.GetUtcNow().UtcTicks), cancellationToken).ConfigureAwait(false);
            if (refusal is null)
            {
                return reservation;
            }

            if (refusal == StoreRefusal.Duplicate)
            {
                return await RepeatedTryAsync(transactionId, cancellationToken).ConfigureAwait(false);
            }

            // Another try took the units between the read and the batch: the next read refuses with the figures as
            // they are now, or finds units given back meanwhile.
            if (attempt >= WriteTransaction.MaxServerAttempts)
            {
                throw new CatalogDomainException(CatalogErrors.InsufficientStock, "Concurrent reservations kept taking the units this one asked for.");
            }
        }
    }

    /// <summary>Ships the transaction's held stock once; the status to answer with (Confirmed).</summary>
    public async Task<ReservationStatus> ConfirmAsync(string transactionId, CancellationToken cancellationToken)
    {
        // On PostgreSQL first without reading anything (the batch takes the lines from the reservation's row); a batch
        // that found no reservation, or was refused, falls to the path below, whose read says why.
        if (db.Database.IsNpgsql() && await ShippedStoredAsync(transactionId, cancellationToken).ConfigureAwait(false))
        {
            return ReservationStatus.Confirmed;
        }

        for (var attempt = 1; ; attempt++)
        {
            var reservation = await FindAsync(transactionId, cancellationToken).ConfigureAwait(false)
                ?? throw new CatalogDomainException(CatalogErrors.ReservationNotFound, $"No reservation for transaction '{transactionId}'.");
            if (reservation.Status == ReservationStatus.Confirmed)
            {
                return reservation.Status;
            }

            reservation.EnsureHeld();
            var refusal = await RunAsync(StockChanges.Ship(db, Branch, reservation, time.GetUtcNow().UtcTicks), cancellationToken).ConfigureAwait(false);
            if (refusal is null)
            {
                reservation.MarkConfirmed();
                return reservation.Status;
            }

            // A concurrent confirm or cancel of this reservation committed first; the next read shows which.
            ThrowIfLastAttempt(attempt, refusal.Value);
        }
    }

    /// <summary>Releases the transaction's reservation; <see langword="null"/> when there was none (null compensation).</summary>
    public async Task<Reservation?> CancelAsync(string transactionId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reservation = await FindAsync(transactionId, cancellationToken).ConfigureAwait(false);
            if (reservation is { Status: ReservationStatus.Released })
            {
                return reservation;
            }

            StoreRefusal? refusal;
            if (reservation is null)
            {
                // No try came before this cancel: record it and change nothing. Its try row refuses a late try.
                refusal = await RunAsync(StockChanges.NullCompensation(db, Branch, transactionId, time.GetUtcNow().UtcTicks), cancellationToken).ConfigureAwait(false);
                if (refusal is null)
                {
                    LogNullCompensation(logger, transactionId);
                    return null;
                }

                // Either this cancel was here before (its answer stands) or a try got in first (the next read finds it).
                if (await HasBarrierAsync(transactionId, TccBarrier.Cancel, cancellationToken).ConfigureAwait(false))
                {
                    return await FindAsync(transactionId, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                // Confirmed: the shipment stands and the cancel is refused.
                reservation.EnsureHeld();
                refusal = await RunAsync(StockChanges.Release(db, Branch, reservation, time.GetUtcNow().UtcTicks), cancellationToken).ConfigureAwait(false);
                if (refusal is null)
                {
                    reservation.MarkReleased();
                    return reservation;
                }
            }

            ThrowIfLastAttempt(attempt, refusal.Value);
        }
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

    private async Task<Reservation> RepeatedTryAsync(string transactionId, CancellationToken cancellationToken)
    {
        if (await HasBarrierAsync(transactionId, TccBarrier.Cancel, cancellationToken).ConfigureAwait(false))
        {
            throw new CatalogDomainException(CatalogErrors.TryAfterCancel, "The transaction was cancelled; its reservation cannot be made.");
        }

        return await FindAsync(transactionId, cancellationToken).ConfigureAwait(false)
            ?? throw new CatalogDomainException(CatalogErrors.ReservationNotFound, $"No reservation for transaction '{transactionId}'.");
    }

    private Task<Reservation?> FindAsync(string transactionId, CancellationToken cancellationToken) =>
        FindReservationQuery.For(db)(db, transactionId, cancellationToken);

    private Task<bool> HasBarrierAsync(string transactionId, string operation, CancellationToken cancellationToken) =>
        BranchBarrier.ExistsAsync(db, transactionId, Branch, operation, cancellationToken);

    private async Task<bool> ShippedStoredAsync(string transactionId, CancellationToken cancellationToken)
    {
        try
        {
            return await StockChanges.ShipStored(db, Branch, transactionId, time.GetUtcNow().UtcTicks).ExecuteAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (Exception ex) when (StoreRefusals.Of(ex) is not StoreRefusal.None)
        {
            return false;
        }
    }

    /// <summary>Commits <paramref name="batch"/>; null when it did, else why the database refused it.</summary>
    private static async Task<StoreRefusal?> RunAsync(EscrowBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await batch.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (StoreRefusals.Of(ex) is var refusal and not StoreRefusal.None)
        {
            return refusal;
        }
    }

    // Every refusal follows another step's commit on the same rows, so a step meets only a few; a long run of them means
    // the rows break an invariant the reads do not see, which no retry mends.
    private static void ThrowIfLastAttempt(int attempt, StoreRefusal refusal)
    {
        if (attempt >= WriteTransaction.MaxServerAttempts)
        {
            throw new InvalidOperationException($"The stock change was refused {attempt} times ({refusal}) with nothing in the way on a fresh read.");
        }
    }

    [LoggerMessage(EventId = CatalogEventIds.NullCompensation, Level = LogLevel.Information, Message = "Cancel before try for transaction {TransactionId}: recorded, nothing to release")]
    private static partial void LogNullCompensation(ILogger logger, string transactionId);
}
