namespace Atrium.Chassis.Configuration;

/// <summary>Builds the dotted paths used in errors: <c>gateway.routes[2].id</c>, <c>gateway.clusters.ordering</c>.</summary>
internal static class ConfigPath
{
    private static readonly char[] CharsNeedingQuotes = ['.', '[', ']', ' ', '"'];

    public static string Child(string parent, string key) =>
        parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    // Dictionary keys are user data and may contain dots (logging.overrides."Microsoft.AspNetCore"),
    // so those are bracketed to keep the path unambiguous.
    public static string DictionaryKey(string parent, string key) =>
        key.Length > 0 && key.IndexOfAny(CharsNeedingQuotes) < 0
            ? Child(parent, key)
            : $"{parent}[\"{key.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";

    public static string Combine(string prefix, string relative)
    {
        if (relative.Length == 0)
        {
            return prefix;
        }

        if (prefix.Length == 0)
        {
            return relative;
        }

        return relative[0] == '[' ? prefix + relative : $"{prefix}.{relative}";
    }

    /// <summary>The enclosing path, or <c>null</c> for the root.</summary>
    public static string? Parent(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        int cut;
        if (path[^1] == ']')
        {
            cut = path.EndsWith("\"]", StringComparison.Ordinal)
                ? path.LastIndexOf("[\"", StringComparison.Ordinal)
                : path.LastIndexOf('[');
        }
        else
        {
            cut = path.LastIndexOf('.');
        }

        return cut <= 0 ? string.Empty : path[..cut];
    }

    public static bool IsSameOrUnder(string path, string ancestor) =>
        path == ancestor
        || ancestor.Length == 0
        || (path.StartsWith(ancestor, StringComparison.Ordinal)
            && (path[ancestor.Length] == '.' || path[ancestor.Length] == '['));
}
