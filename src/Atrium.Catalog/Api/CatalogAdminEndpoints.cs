using Atrium.Catalog.Application;
using Atrium.Catalog.Domain;
using Atrium.Chassis.Errors;
using Atrium.Chassis.OpenApi;
using Atrium.Chassis.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Catalog.Api;

/// <summary>
/// The admin product API under <c>/api/catalog</c>, for callers with the <c>admin</c> role (verified from the bearer
/// access token, see <c>catalog.auth</c>): create a product, set a product's units on hand. The caller
/// is checked before the body is read, and the body is read by <see cref="JsonBody"/>'s strict rule; names and
/// descriptions follow <see cref="DisplayText"/>.
/// </summary>
internal static class CatalogAdminEndpoints
{
    public const int MaxSkuLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;

    public static IEndpointRouteBuilder MapCatalogAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/catalog").WithTags("catalog");
        api.MapPost("/products", CreateAsync).WithJsonBody<CreateProductRequest>().RequiresBearer(admin: true)
            .Documents<ProductResponse>("createProduct", StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict);
        api.MapPut("/products/{id}/stock", SetStockAsync).WithJsonBody<SetStockRequest>().RequiresBearer(admin: true)
            .Documents<ProductResponse>("setStock").ProducesProblems(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ProductAdministration products, CancellationToken cancellationToken)
    {
        await http.RequireCallerAsync(Caller.AdminRole).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<CreateProductRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        var (sku, name, description, price, stock) = Validate(body);
        var product = await CatalogErrorMapping.RunAsync(() => products.CreateAsync(sku, name, description, price, stock, cancellationToken)).ConfigureAwait(false);
        return Results.Created($"/api/catalog/products/{product.Id}", ProductResponse.From(product));
    }

    private static async Task<IResult> SetStockAsync(HttpContext http, string id, ProductAdministration products, CancellationToken cancellationToken)
    {
        await http.RequireCallerAsync(Caller.AdminRole).ConfigureAwait(false);
        if (!Guid.TryParse(id, out var productId))
        {
            throw new AtriumException(ErrorCodes.NotFound, $"Product '{id}' does not exist.");
        }

        var body = await JsonBody.ReadAsync<SetStockRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        var onHand = body?.OnHand switch
        {
            null => throw ValidationFailedException.ForField("onHand", "is required"),
            < 0 => throw ValidationFailedException.ForField("onHand", "must be 0 or more"),
            { } value => value,
        };

        try
        {
            return Results.Ok(ProductResponse.From(await products.SetOnHandAsync(productId, onHand, cancellationToken).ConfigureAwait(false)));
        }
        catch (CatalogDomainException ex) when (ex.Error == CatalogErrors.InvalidStock)
        {
            // Below what is reserved: the count is valid on its own but not against the holds.
            throw ValidationFailedException.ForField("onHand", ex.Message);
        }
        catch (CatalogDomainException ex)
        {
            throw CatalogErrorMapping.ToAtrium(ex);
        }
    }

    private static (string Sku, string Name, string Description, Money Price, int Stock) Validate(CreateProductRequest? body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var sku = body?.Sku?.Trim() ?? "";
        if (sku.Length == 0)
        {
            errors["sku"] = ["is required"];
        }
        else if (sku.Length > MaxSkuLength || !sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors["sku"] = [$"must be 1 to {MaxSkuLength} letters, digits, '-', '_' or '.'"];
        }

        var name = body?.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["name"] = [name.Length == 0 ? "is required" : $"must be at most {MaxNameLength} characters"];
        }
        else if (!DisplayText.IsClean(name))
        {
            errors["name"] = [DisplayText.Refusal];
        }

        var description = body?.Description?.Trim() ?? "";
        if (description.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"must be at most {MaxDescriptionLength} characters"];
        }
        else if (!DisplayText.IsClean(description))
        {
            errors["description"] = [DisplayText.Refusal];
        }

        if (body?.Price is not { } price)
        {
            errors["price"] = ["is required"];
        }
        else
        {
            if (price.Amount is not >= 0)
            {
                errors["price.amount"] = [price.Amount is null ? "is required" : "must be 0 or more (minor units)"];
            }

            if (price.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
            {
                errors["price.currency"] = [price.Currency is null ? "is required" : "must be a three-letter upper-case ISO 4217 code, e.g. USD"];
            }
        }

        if (body?.Stock is not >= 0)
        {
            errors["stock"] = [body?.Stock is null ? "is required" : "must be 0 or more"];
        }

        return errors.Count > 0
            ? throw new ValidationFailedException(errors)
            : (sku, name, description, new Money(body!.Price!.Amount!.Value, body.Price.Currency!), body.Stock!.Value);
    }
}
