using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Routing;

/// <summary>Routes in precedence order; immutable, one per config snapshot.</summary>
internal sealed class RouteTable(IReadOnlyList<CompiledRoute> routes)
{
    private readonly CompiledRoute[] _routes = routes.Order(RoutePrecedence.Instance).ToArray();

    /// <summary>The routes in the order they are tried.</summary>
    public IReadOnlyList<CompiledRoute> Routes => _routes;

    /// <summary>The first route that matches, with its path captures, or <see langword="null"/>.</summary>
    public CompiledRoute? Match(HttpRequest request, Span<Range> captures)
    {
        foreach (var route in _routes)
        {
            if (route.Matches(request, captures))
            {
                return route;
            }
        }

        return null;
    }
}
