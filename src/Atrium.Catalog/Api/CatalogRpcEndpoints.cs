using Atrium.Catalog.Application;
using Atrium.Catalog.Domain;
using Atrium.Chassis.Errors;
using Atrium.Contracts.Catalog.V1;
using Atrium.Rpc.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using CommonV1 = Atrium.Contracts.Common.V1;
using ReservationLine = Atrium.Catalog.Domain.ReservationLine;

namespace Atrium.Catalog.Api;

/// <summary>
/// The catalog's internal gRPC API (<see cref="CatalogRpcMethods"/>): product prices for pricing an order, and the
/// stock branch of the order saga (TCC try/confirm/cancel behind the barrier of <see cref="ReservationService"/>).
/// Malformed requests answer INVALID_ARGUMENT (<c>x-error-code: VALIDATION_FAILED</c>) listing every bad field; rule
/// failures answer through <see cref="CatalogErrorMapping"/>.
/// </summary>
internal static class CatalogRpcEndpoints
{
    /// <summary>The longest transaction id accepted.</summary>
    public const int MaxTransactionIdLength = 128;

    /// <summary>The most ids one <c>GetProducts</c> call may ask for.</summary>
    public const int MaxProductIds = 1000;

    /// <summary>The status of a cancel that came before any try: recorded, nothing released.</summary>
    public const string NullCompensated = "NullCompensated";

    public static IEndpointRouteBuilder MapCatalogRpcServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRpcService(service => service.MapUnary(CatalogRpcMethods.GetProducts, GetProductsAsync));
        endpoints.MapRpcService(service => service
            .MapUnary(CatalogRpcMethods.Try, TryAsync)
            .MapUnary(CatalogRpcMethods.Confirm, ConfirmAsync)
            .MapUnary(CatalogRpcMethods.Cancel, CancelAsync));
        return endpoints;
    }

    private static async Task<GetProductsReply> GetProductsAsync(GetProductsRequest request, RpcServerContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Ids.Count > MaxProductIds)
        {
            errors["ids"] = [$"must list at most {MaxProductIds} ids"];
        }

        var ids = new List<Guid>(request.Ids.Count);
        for (var i = 0; i < request.Ids.Count; i++)
        {
            if (ParseProductId(request.Ids[i], $"ids[{i}]", errors) is { } id)
            {
                ids.Add(id);
            }
        }

        ThrowIfInvalid(errors);
        var found = await Get<ProductQueries>(context).FindManyAsync(ids, context.CancellationToken).ConfigureAwait(false);
        var byId = found.ToDictionary(p => p.Id);
        var reply = new GetProductsReply();
        // In the order asked, each once; unknown ids are left out.
        foreach (var id in ids.Distinct())
        {
            if (byId.TryGetValue(id, out var product))
            {
                reply.Products.Add(new Contracts.Catalog.V1.Product
                {
                    Id = product.Id.ToString(),
                    Sku = product.Sku,
                    Name = product.Name,
                    Price = new CommonV1.Money { Amount = product.PriceAmount, Currency = product.Currency },
                    Available = product.Available,
                });
            }
        }

        return reply;
    }

    private static async Task<ReservationReply> TryAsync(TryReservationRequest request, RpcServerContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckTransactionId(request.TransactionId, errors);
        if (request.Lines.Count == 0)
        {
            errors["lines"] = ["at least one line is required"];
        }

        var lines = new List<ReservationLine>(request.Lines.Count);
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            var productId = ParseProductId(line.ProductId, $"lines[{i}].product_id", errors);
            if (line.Quantity <= 0)
            {
                errors[$"lines[{i}].quantity"] = ["must be 1 or more"];
            }

            lines.Add(new ReservationLine(productId ?? Guid.Empty, line.Quantity));
        }

        ThrowIfInvalid(errors);
        var reservations = Get<ReservationService>(context);
        return Reply(await CatalogErrorMapping.RunAsync(() => reservations.TryAsync(request.TransactionId, lines, context.CancellationToken)).ConfigureAwait(false));
    }

    private static async Task<ReservationReply> ConfirmAsync(ReservationRequest request, RpcServerContext context)
    {
        ThrowIfInvalidTransactionId(request.TransactionId);
        var reservations = Get<ReservationService>(context);
        return Reply(await CatalogErrorMapping.RunAsync(() => reservations.ConfirmAsync(request.TransactionId, context.CancellationToken)).ConfigureAwait(false));
    }

    private static async Task<ReservationReply> CancelAsync(ReservationRequest request, RpcServerContext context)
    {
        ThrowIfInvalidTransactionId(request.TransactionId);
        var reservations = Get<ReservationService>(context);
        var reservation = await CatalogErrorMapping.RunAsync(() => reservations.CancelAsync(request.TransactionId, context.CancellationToken)).ConfigureAwait(false);
        return reservation is null
            ? new ReservationReply { TransactionId = request.TransactionId, Status = NullCompensated }
            : Reply(reservation);
    }

    private static ReservationReply Reply(Reservation reservation) =>
        new() { TransactionId = reservation.TransactionId, Status = reservation.Status.ToString() };

    // Scoped services of the call's request scope (the DbContext is per call).
    private static T Get<T>(RpcServerContext context)
        where T : notnull =>
        context.HttpContext.RequestServices.GetRequiredService<T>();

    private static Guid? ParseProductId(string text, string field, Dictionary<string, string[]> errors)
    {
        if (text.Length == 0)
        {
            errors[field] = ["is required"];
            return null;
        }

        if (!Guid.TryParse(text, out var id) || id == Guid.Empty)
        {
            errors[field] = ["is not a product id"];
            return null;
        }

        return id;
    }

    private static void CheckTransactionId(string transactionId, Dictionary<string, string[]> errors)
    {
        if (transactionId.Length is 0 or > MaxTransactionIdLength)
        {
            errors["transaction_id"] = [$"must be 1 to {MaxTransactionIdLength} characters"];
        }
    }

    private static void ThrowIfInvalidTransactionId(string transactionId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckTransactionId(transactionId, errors);
        ThrowIfInvalid(errors);
    }

    // A gRPC caller sees only the status message, so it names every bad field.
    private static void ThrowIfInvalid(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new AtriumException(
                ErrorCodes.ValidationFailed,
                "Invalid request: " + string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")) + ".");
        }
    }
}
