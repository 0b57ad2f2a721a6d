using Atrium.Catalog.Application;
using Atrium.Contracts.Catalog.V1;
using Grpc.Core;
using CommonV1 = Atrium.Contracts.Common.V1;

namespace Atrium.Catalog.Api;

/// <summary>
/// <c>atrium.catalog.v1.Products</c> on the h2c listener: product prices for pricing an order. Activated per call, so
/// the scoped <see cref="ProductQueries"/> (and its DbContext) is the call's own.
/// </summary>
internal sealed class ProductsGrpcService(ProductQueries products) : Products.ProductsBase
{
    /// <summary>The products with the given ids, in the order asked, each once; unknown ids are left out.</summary>
    public override async Task<GetProductsReply> GetProducts(GetProductsRequest request, ServerCallContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Ids.Count > CatalogRpcValidation.MaxProductIds)
        {
            errors["ids"] = [$"must list at most {CatalogRpcValidation.MaxProductIds} ids"];
        }

        var ids = new List<Guid>(request.Ids.Count);
        for (var i = 0; i < request.Ids.Count; i++)
        {
            if (CatalogRpcValidation.ParseProductId(request.Ids[i], $"ids[{i}]", errors) is { } id)
            {
                ids.Add(id);
            }
        }

        CatalogRpcValidation.ThrowIfInvalid(errors);
        var found = await products.FindManyAsync(ids, context.CancellationToken).ConfigureAwait(false);
        var byId = found.ToDictionary(p => p.Id);
        var reply = new GetProductsReply();
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
}
