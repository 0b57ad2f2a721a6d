using Atrium.Catalog.Application;
using Atrium.Catalog.Domain;
using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Catalog.Api;

/// <summary>
/// The public product API under <c>/api/catalog</c>, and the internal TCC API under <c>/internal/catalog</c> that the
/// order saga calls (the gateway routes only <c>/api/...</c>).
/// </summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/catalog");
        api.MapGet("/products", ListAsync);
        api.MapGet("/products/{id}", GetAsync);

        var tcc = endpoints.MapGroup("/internal/catalog/reservations/{transactionId}");
        tcc.MapPost("/try", TryAsync);
        tcc.MapPost("/confirm", static (string transactionId, ReservationService reservations, CancellationToken ct) =>
            Run(async () => Answer(await reservations.ConfirmAsync(Validate(transactionId), ct).ConfigureAwait(false))));
        tcc.MapPost("/cancel", static (string transactionId, ReservationService reservations, CancellationToken ct) =>
            Run(async () => await reservations.CancelAsync(Validate(transactionId), ct).ConfigureAwait(false) is { } r
                ? Answer(r)
                : Results.Ok(new ReservationResponse(transactionId, "NullCompensated"))));
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ProductQueries products, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var page = ReadInt(request, "page", 1, errors);
        var pageSize = ReadInt(request, "pageSize", 20, errors);
        if (page < 1)
        {
            errors["page"] = ["must be 1 or more"];
        }

        if (pageSize < 1)
        {
            errors["pageSize"] = ["must be 1 or more"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        pageSize = Math.Min(pageSize, ProductQueries.MaxPageSize);
        var (items, total) = await products.ListAsync(page, pageSize, request.Query["q"], cancellationToken).ConfigureAwait(false);
        return Results.Ok(new ProductPage(items.Select(ProductResponse.From).ToList(), page, pageSize, total));
    }

    private static async Task<IResult> GetAsync(string id, ProductQueries products, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var productId) || await products.FindAsync(productId, cancellationToken).ConfigureAwait(false) is not { } product)
        {
            throw new AtriumException(ErrorCodes.NotFound, $"Product '{id}' does not exist.");
        }

        return Results.Ok(ProductResponse.From(product));
    }

    private static Task<IResult> TryAsync(string transactionId, ReservationRequest? body, ReservationService reservations, CancellationToken cancellationToken)
    {
        var lines = body?.Lines;
        if (lines is null || lines.Count == 0)
        {
            throw ValidationFailedException.ForField("lines", "at least one line is required");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Quantity <= 0)
            {
                errors[$"lines[{i}].quantity"] = ["must be 1 or more"];
            }

            if (lines[i].ProductId == Guid.Empty)
            {
                errors[$"lines[{i}].productId"] = ["is required"];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var domainLines = lines.Select(l => new ReservationLine(l.ProductId, l.Quantity)).ToList();
        return Run(async () => Answer(await reservations.TryAsync(Validate(transactionId), domainLines, cancellationToken).ConfigureAwait(false)));
    }

    private static IResult Answer(Reservation reservation) => Results.Ok(new ReservationResponse(reservation.TransactionId, reservation.Status.ToString()));

    private static async Task<IResult> Run(Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (CatalogDomainException ex)
        {
            throw CatalogErrorMapping.ToAtrium(ex);
        }
    }

    private static string Validate(string transactionId) =>
        transactionId.Length is > 0 and <= 128 ? transactionId : throw ValidationFailedException.ForField("transactionId", "must be 1 to 128 characters");

    private static int ReadInt(HttpRequest request, string name, int fallback, Dictionary<string, string[]> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[name] = ["must be a whole number"];
        return fallback;
    }
}
