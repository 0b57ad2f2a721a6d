using Atrium.Contracts.Catalog.V1;
using Atrium.Ordering.Application;
using Atrium.Ordering.Domain;
using Grpc.Core;

namespace Atrium.Ordering.Infrastructure.Clients;

/// <summary>The catalog over gRPC (<c>atrium.catalog.v1</c>).</summary>
internal sealed class GrpcCatalogClient(BranchChannels channels, BranchCall call) : ICatalogClient
{
    public async Task<IReadOnlyDictionary<Guid, CatalogProduct>> GetProductsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var request = new GetProductsRequest();
        request.Ids.AddRange(ids.Select(id => id.ToString()));
        var reply = await call.QueryAsync("catalog", options => channels.Products.GetProductsAsync(request, options), cancellationToken).ConfigureAwait(false);
        var products = new Dictionary<Guid, CatalogProduct>();
        foreach (var product in reply.Products)
        {
            if (Guid.TryParse(product.Id, out var id) && product.Price is { } price)
            {
                products[id] = new CatalogProduct(id, product.Sku, new Money(price.Amount, price.Currency));
            }
        }

        return products;
    }

    public Task<BranchResult> ReserveAsync(Guid orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        var request = new TryReservationRequest { TransactionId = orderId.ToString() };
        request.Lines.AddRange(lines.Select(l => new ReservationLine { ProductId = l.ProductId.ToString(), Quantity = l.Quantity }));
        return call.RunAsync(
            options => channels.Reservations.TryAsync(request, options),
            static error => error.StatusCode switch
            {
                StatusCode.FailedPrecondition => CancellationReasons.OutOfStock,
                StatusCode.NotFound or StatusCode.InvalidArgument => CancellationReasons.ProductUnavailable,
                // The transaction was cancelled already: only this saga cancels it, after giving up.
                StatusCode.Aborted => CancellationReasons.DeadlineExceeded,
                _ => null,
            },
            cancellationToken);
    }

    public Task<BranchResult> ConfirmAsync(Guid orderId, CancellationToken cancellationToken) =>
        call.RunAsync(
            options => channels.Reservations.ConfirmAsync(new ReservationRequest { TransactionId = orderId.ToString() }, options),
            static error => error.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound ? CancellationReasons.ReservationExpired : null,
            cancellationToken);

    public Task<BranchResult> CancelAsync(Guid orderId, CancellationToken cancellationToken) =>
        call.RunAsync(
            options => channels.Reservations.CancelAsync(new ReservationRequest { TransactionId = orderId.ToString() }, options),
            static _ => null,
            cancellationToken);
}
