using Atrium.Testing;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The ports one atrium process listens on: the gateway's two listeners, and per service module an HTTP/1.1 one and
/// an h2c one for its gRPC API.
/// </summary>
internal sealed record AtriumPorts(int Gateway, int Admin, int Identity, int Catalog, int Payments, int Ordering, int IdentityRpc, int CatalogRpc, int PaymentsRpc, int OrderingRpc)
{
    public static AtriumPorts Allocate() =>
        new(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(),
            FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());

    /// <summary>The service modules by name, with their ports.</summary>
    public IReadOnlyList<(string Module, int Port)> Services =>
        [("identity", Identity), ("catalog", Catalog), ("payments", Payments), ("ordering", Ordering)];

    /// <summary>Every port: the services, the gateway admin and the gateway's public listener.</summary>
    public IReadOnlyList<int> All => [Gateway, Admin, Identity, Catalog, Payments, Ordering];

    public int Of(string module) => Services.Single(s => s.Module == module).Port;

    /// <summary>The h2c (gRPC) port of a service module.</summary>
    public int RpcOf(string module) => module switch
    {
        "identity" => IdentityRpc,
        "catalog" => CatalogRpc,
        "payments" => PaymentsRpc,
        "ordering" => OrderingRpc,
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, "not a service module"),
    };
}
