using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Persistence;
using Atrium.Contracts.Events;
using Atrium.Ordering.Application.Saga;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using EventLine = Atrium.Contracts.Events.OrderLine;
using EventMoney = Atrium.Contracts.Events.Money;
using OrderLine = Atrium.Ordering.Domain.OrderLine;

namespace Atrium.Ordering.Application.Placement;

/// <summary>
/// Places orders: checks the user with identity and prices the lines with the catalog, then writes the order
/// (Pending), its saga record, its idempotency key and <c>OrderPlaced</c> in one transaction, and hands the saga to
/// the scheduler. A key seen before answers with its order when the body is the same and is refused when it is not.
/// </summary>
internal sealed partial class OrderPlacement(
    OrderingDbContext db,
    IIdentityClient identity,
    ICatalogClient catalog,
    SagaScheduler scheduler,
    LiveOptions<OrderingOptions> live,
    OrderingMetrics metrics,
    TimeProvider time,
    ILogger<OrderPlacement> logger)
{
    // Compiled once: every order asks it, and the LINQ form rebuilt and hashed the expression tree each time.
    private static readonly ModelCompiledQuery<Func<OrderingDbContext, Guid, string, CancellationToken, Task<IdempotencyRecord?>>> FindKey =
        new(() => EF.CompileAsyncQuery((OrderingDbContext db, Guid userId, string key, CancellationToken cancellationToken) =>
            db.IdempotencyKeys.AsNoTracking().SingleOrDefault(k => k.UserId == userId && k.Key == key)));

    public async Task<PlacedOrder> PlaceAsync(Guid userId, string idempotencyKey, IReadOnlyList<PlaceOrderItem> items, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(items);
        // No look-up of the key first: a repeat is rare, and the key's insert tells it apart at no extra round trip.
        var now = time.GetUtcNow();
        Order order;
        try
        {
            order = await NewOrderAsync(userId, items, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A repeat answers as the first request did, whatever changed since (a product gone, the catalog down).
            if (await FindReplayAsync(userId, idempotencyKey, fingerprint, cancellationToken).ConfigureAwait(false) is { } replay)
            {
                return replay;
            }

            throw;
        }

        var saga = OrderSaga.Start(order.Id, now, live.Current.SagaTimeout);
        var key = new IdempotencyRecord { UserId = userId, Key = idempotencyKey, Fingerprint = fingerprint, OrderId = order.Id, CreatedAtTicks = now.UtcTicks };
        var placed = new OrderPlaced(
            order.Id,
            userId,
            [.. order.Lines.Select(l => new EventLine(l.ProductId, l.Quantity, new EventMoney(l.UnitPrice.Amount, l.UnitPrice.Currency)))],
            new EventMoney(order.TotalAmount, order.Currency)) { OccurredAt = now };
        var claimed = PostgresPlacement.Applies(db)
            ? await PostgresPlacement.TryInsertAsync(db, key, order, saga, db.Outbox().Prepare(placed), cancellationToken).ConfigureAwait(false)
            : await WriteTransaction.RunAsync(db, async () =>
            {
                // The key first: the order is written only by the request that took it.
                if (!await IdempotencyKeyClaim.TryClaimAsync(db, key, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                db.Orders.Add(order);
                db.Sagas.Add(saga);
                db.Outbox().Add(placed);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        if (!claimed)
        {
            // A request with the same key took it first, now or before; answer as it did (or 409 for another body).
            return await FindReplayAsync(userId, idempotencyKey, fingerprint, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The Idempotency-Key of order {order.Id} was taken, yet no order holds it.");
        }

        LogPlaced(logger, order.Id, userId, order.TotalAmount, order.Currency);
        metrics.Placed(replay: false);
        scheduler.Enqueue(order, saga);
        return new PlacedOrder(order.Id, Replayed: false);
    }

    private async Task<Order> NewOrderAsync(Guid userId, IReadOnlyList<PlaceOrderItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await identity.UserExistsAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            throw new AtriumException(ErrorCodes.AuthFailed, "The token's user does not exist.");
        }

        var lines = await PriceAsync(items, cancellationToken).ConfigureAwait(false);
        try
        {
            return Order.Place(Guid.CreateVersion7(now), userId, lines, now);
        }
        catch (OrderingDomainException ex)
        {
            throw new AtriumException(ErrorCodes.ValidationFailed, ex.Message, ex);
        }
    }

    private async Task<PlacedOrder?> FindReplayAsync(Guid userId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var record = await FindKey.For(db)(db, userId, key, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        if (!string.Equals(record.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            throw new AtriumException(ErrorCodes.Conflict, "This Idempotency-Key was used with a different body.");
        }

        metrics.Placed(replay: true);
        return new PlacedOrder(record.OrderId, Replayed: true);
    }

    private async Task<List<OrderLine>> PriceAsync(IReadOnlyList<PlaceOrderItem> items, CancellationToken cancellationToken)
    {
        var products = await catalog.GetProductsAsync(items.Select(i => i.ProductId).Distinct().ToList(), cancellationToken).ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var lines = new List<OrderLine>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (products.TryGetValue(items[i].ProductId, out var product))
            {
                lines.Add(new OrderLine(product.Id, items[i].Quantity, product.Price));
            }
            else
            {
                errors[$"items[{i}].productId"] = ["no such product"];
            }
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : lines;
    }

    /// <summary>The body's meaning, independent of its formatting: the lines in order.</summary>
    private static string Fingerprint(IReadOnlyList<PlaceOrderItem> items)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            text.Append(item.ProductId.ToString("N")).Append('x').Append(item.Quantity.ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [LoggerMessage(EventId = OrderingEventIds.OrderPlaced, Level = LogLevel.Debug, Message = "Order {OrderId} placed by {UserId}: {Total} {Currency}")]
    private static partial void LogPlaced(ILogger logger, Guid orderId, Guid userId, long total, string currency);
}
