using Atrium.Catalog.Application;
using Atrium.Chassis.Errors;
using Atrium.Chassis.Hosting.Http;
using Atrium.Chassis.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Catalog.Api;

/// <summary>
/// The public, anonymous product reads under <c>/api/catalog</c>. The admin writes are in
/// <see cref="CatalogAdminEndpoints"/>; the order saga's TCC calls are gRPC (<see cref="ReservationsGrpcService"/>).
/// </summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/catalog").WithTags("catalog");
        api.MapGet("/products", ListAsync).Documents<ProductPage>("listProducts").ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapGet("/products/{id}", GetAsync).Documents<ProductResponse>("getProduct").ProducesProblems(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ProductQueries products, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (page, pageSize) = QueryValues.ReadPaging(request, ProductQueries.MaxPageSize, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

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
}
