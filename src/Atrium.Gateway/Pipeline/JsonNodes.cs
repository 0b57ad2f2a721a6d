using System.Text.Json.Nodes;

namespace Atrium.Gateway.Pipeline;

/// <summary>JSON arrays for the admin views, which are built as nodes rather than serialized by reflection.</summary>
internal static class JsonNodes
{
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    public static JsonArray Array(IEnumerable<JsonNode?> nodes) => new([.. nodes]);

    /// <summary>An enum value's name as config spells it: <c>SlidingWindow</c> as <c>slidingWindow</c>.</summary>
    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
