using Atrium.Rpc.Client;

namespace Atrium.Ordering.Infrastructure;

/// <summary>One gRPC channel (a pooled HTTP/2 connection set) per service ordering calls, shared by every call.</summary>
internal sealed class BranchChannels(OrderingOptions options) : IDisposable
{
    public RpcChannel Identity { get; } = new(new Uri(options.IdentityAddress));

    public RpcChannel Catalog { get; } = new(new Uri(options.CatalogAddress));

    public RpcChannel Payments { get; } = new(new Uri(options.PaymentsAddress));

    public void Dispose()
    {
        Identity.Dispose();
        Catalog.Dispose();
        Payments.Dispose();
    }
}
