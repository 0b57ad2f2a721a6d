using System.Text.Json.Nodes;

namespace Atrium.Gateway.Pipeline;

/// <summary>JSON arrays for the admin views, which are built as nodes rather than serialized by reflection.</summary>
internal static class JsonNodes
{
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    public static JsonArray Array(IEnumerable<JsonNode?> nodes) => new([.. nodes]);
}
