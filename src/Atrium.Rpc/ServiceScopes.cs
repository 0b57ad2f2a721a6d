namespace Atrium.Rpc;

/// <summary>
/// The scopes of the internal gRPC APIs, one per kind of right, each named <c>AUDIENCE.RIGHT</c>: a service token for
/// an audience (the callee's module name) can only carry that audience's scopes.
/// </summary>
public static class ServiceScopes
{
    /// <summary>The audience of service tokens for identity's internal methods.</summary>
    public const string Identity = "identity";

    /// <summary>The audience of service tokens for the catalog's internal methods.</summary>
    public const string Catalog = "catalog";

    /// <summary>The audience of service tokens for payments' internal methods.</summary>
    public const string Payments = "payments";

    /// <summary>The audience of service tokens for ordering's internal methods.</summary>
    public const string Ordering = "ordering";

    /// <summary><c>atrium.identity.v1.Users</c>: read a user.</summary>
    public const string IdentityUsersRead = "identity.users.read";

    /// <summary><c>atrium.catalog.v1.Products</c>: read products and prices.</summary>
    public const string CatalogProductsRead = "catalog.products.read";

    /// <summary><c>atrium.catalog.v1.Reservations</c>: try, confirm and cancel stock reservations.</summary>
    public const string CatalogReserve = "catalog.reserve";

    /// <summary><c>atrium.payments.v1.Payments/Charge</c>: take money from a user's account for an order.</summary>
    public const string PaymentsCharge = "payments.charge";

    /// <summary><c>atrium.payments.v1.Payments/Refund</c>: give an order's charge back.</summary>
    public const string PaymentsRefund = "payments.refund";

    /// <summary><c>atrium.ordering.v1.Sagas</c>: read whether an order's saga compensates.</summary>
    public const string OrderingSagasRead = "ordering.sagas.read";

    /// <summary>Every scope, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [IdentityUsersRead, CatalogProductsRead, CatalogReserve, PaymentsCharge, PaymentsRefund, OrderingSagasRead];

    /// <summary>The audiences service tokens can be issued for: the modules that serve internal methods.</summary>
    public static IReadOnlyList<string> Audiences { get; } = [Identity, Catalog, Payments, Ordering];

    /// <summary>The audience <paramref name="scope"/> belongs to (what comes before its first dot).</summary>
    public static string AudienceOf(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var dot = scope.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? "" : scope[..dot];
    }
}
