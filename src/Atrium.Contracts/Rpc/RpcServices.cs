namespace Atrium.Contracts.Rpc;

/// <summary>
/// The fully-qualified names of the internal gRPC services and their methods, as the <c>.proto</c> files under
/// <c>Protos/atrium</c> declare them. Servers and clients build their <c>RpcMethod</c> descriptors from these, so a
/// rename is one change.
/// </summary>
public static class RpcServices
{
    /// <summary><c>atrium.identity.v1.Users</c>: <c>GetUser</c>.</summary>
    public const string IdentityUsers = "atrium.identity.v1.Users";

    /// <summary><c>atrium.catalog.v1.Products</c>: <c>GetProducts</c>.</summary>
    public const string CatalogProducts = "atrium.catalog.v1.Products";

    /// <summary><c>atrium.catalog.v1.Reservations</c>: <c>Try</c>, <c>Confirm</c>, <c>Cancel</c>.</summary>
    public const string CatalogReservations = "atrium.catalog.v1.Reservations";

    /// <summary><c>atrium.payments.v1.Payments</c>: <c>Charge</c>, <c>Refund</c>.</summary>
    public const string Payments = "atrium.payments.v1.Payments";
}
