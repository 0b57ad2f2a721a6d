using Atrium.Chassis.Configuration;
using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Validation;

/// <summary>
/// Finds routes that can never match: a route whose match is identical to one ranked before it. (Identical here
/// means the same path, hosts, methods, header and query conditions, compared without regard to list order or case.)
/// </summary>
internal static class RouteOverlapValidator
{
    public static void Validate(IReadOnlyList<RouteConfig> routes, ConfigValidationContext context)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Count; i++)
        {
            var key = Key(routes[i]);
            if (seen.TryGetValue(key, out var first))
            {
                var shadowing = routes[first].Order <= routes[i].Order ? first : i;
                var shadowed = shadowing == first ? i : first;
                context.AddError(
                    $"routes[{shadowed}]",
                    $"unreachable: route '{routes[shadowed].Id}' has the same match as route '{routes[shadowing].Id}' (routes[{shadowing}]), which is ranked first");
            }
            else
            {
                seen[key] = i;
            }
        }
    }

    private static string Key(RouteConfig route)
    {
        var m = route.Match;
        static string Sorted(IEnumerable<string> values) => string.Join(",", values.Select(v => v.ToUpperInvariant()).Order(StringComparer.Ordinal));
        static string Conditions(IEnumerable<ValueMatchConfig> values) => Sorted(values.Select(v =>
            $"{v.Name}|{v.Mode}|{v.IgnoreCase}|{string.Join(";", v.Values.Order(StringComparer.Ordinal))}"));
        var path = m.Path.Length > 0 ? "t:" + m.Path.TrimEnd('/').ToUpperInvariant()
            : m.PathPrefix.Length > 0 ? "p:" + m.PathPrefix.TrimEnd('/').ToUpperInvariant()
            : m.PathRegex.Length > 0 ? "r:" + m.PathRegex
            : "*";
        return string.Join("\n", path, Sorted(m.Hosts), Sorted(m.Methods), Conditions(m.Headers), Conditions(m.Query));
    }
}
