namespace Atrium.Gateway.Routing;

/// <summary>
/// The order in which routes are tried; the first match wins. Documented in <c>docs/gateway.md</c>:
/// 1. explicit <c>order</c>, lower first;
/// 2. host: exact names, then wildcards, then routes without hosts;
/// 3. path kind: exact, template, catch-all or prefix, regex, none;
/// 4. more literal path segments first;
/// 5. more method, header and query conditions first;
/// 6. position in the file.
/// </summary>
internal sealed class RoutePrecedence : IComparer<CompiledRoute>
{
    public static RoutePrecedence Instance { get; } = new();

    public int Compare(CompiledRoute? x, CompiledRoute? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }

        var c = x.Config.Order.CompareTo(y.Config.Order);
        if (c == 0) c = x.Hosts.Rank.CompareTo(y.Hosts.Rank);
        if (c == 0) c = PathRank(x.Path.Kind).CompareTo(PathRank(y.Path.Kind));
        if (c == 0) c = y.Path.LiteralSegments.CompareTo(x.Path.LiteralSegments);
        if (c == 0) c = y.ConditionCount.CompareTo(x.ConditionCount);
        if (c == 0) c = x.Index.CompareTo(y.Index);
        return c;
    }

    private static int PathRank(PathPatternKind kind) => kind switch
    {
        PathPatternKind.Exact => 0,
        PathPatternKind.Template => 1,
        PathPatternKind.CatchAll or PathPatternKind.Prefix => 2,
        PathPatternKind.Regex => 3,
        _ => 4,
    };
}
