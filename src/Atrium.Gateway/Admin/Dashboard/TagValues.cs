namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>Reads tags of a measurement without allocating.</summary>
internal static class TagValues
{
    public static string Get(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString() ?? "";
            }
        }

        return "";
    }
}
