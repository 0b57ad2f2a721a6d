namespace Atrium.Rpc.Server;

/// <summary>
/// Which scope each of a module's internal methods needs: keys are a service (<c>atrium.catalog.v1.Products</c>, for
/// all its methods) or one method (<c>atrium.payments.v1.Payments/Refund</c>), compared ignoring case as grpc-dotnet
/// routes; a method has its own entry or its service's.
/// </summary>
internal sealed class ServiceMethodScopes(IReadOnlyDictionary<string, string> scopes)
{
    // The services every module serves beside its own: open to all, like /healthz and /readyz.
    private static readonly HashSet<string> OpenServices = new(StringComparer.OrdinalIgnoreCase)
    {
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    };

    private readonly Dictionary<string, string> _scopes = new(scopes, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="method"/> (<c>/service/method</c>) is served to callers without a token.</summary>
    public static bool IsOpen(string method) => OpenServices.Contains(ServiceOf(method));

    /// <summary>The scope <paramref name="method"/> (<c>/service/method</c>) needs, or <see langword="null"/> when none is mapped.</summary>
    public string? For(string method) =>
        _scopes.TryGetValue(method.TrimStart('/'), out var scope) || _scopes.TryGetValue(ServiceOf(method), out scope) ? scope : null;

    private static string ServiceOf(string method)
    {
        var path = method.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? path : path[..slash];
    }
}
