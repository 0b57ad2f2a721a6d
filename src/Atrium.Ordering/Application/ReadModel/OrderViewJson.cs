using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atrium.Ordering.Application.ReadModel;

/// <summary>Source-generated JSON for the lines the read model stores.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<OrderViewLine>))]
internal sealed partial class OrderViewJson : JsonSerializerContext
{
    public static string Serialize(List<OrderViewLine> lines) => JsonSerializer.Serialize(lines, Default.ListOrderViewLine);

    public static List<OrderViewLine> Deserialize(string json) => JsonSerializer.Deserialize(json, Default.ListOrderViewLine) ?? [];
}
