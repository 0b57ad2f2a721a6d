using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Renders a redacted JSON view of the config as YAML (what <c>atrium config show</c> prints), each value optionally
/// followed by a comment saying where it came from. Strings are double-quoted (JSON escapes are valid YAML), so the
/// output reads back as the same config.
/// </summary>
internal static class ConfigYamlWriter
{
    // Relaxed escaping keeps '+' and '<' readable; YAML's double-quoted style reads JSON's escapes.
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonObject view, Func<string, string>? describeSource)
    {
        var output = new StringBuilder();
        WriteMapping(output, view, path: "", indent: 0, describeSource);
        return output.ToString();
    }

    private static void WriteMapping(StringBuilder output, JsonObject mapping, string path, int indent, Func<string, string>? describeSource)
    {
        foreach (var (key, value) in mapping)
        {
            var childPath = ConfigPath.DictionaryKey(path, key);
            output.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValue(output, value, childPath, indent, describeSource);
        }
    }

    /// <summary>Writes what follows <c>key:</c> or <c>-</c>: a scalar on the same line, or a block on the next ones.</summary>
    private static void WriteValue(StringBuilder output, JsonNode? value, string path, int indent, Func<string, string>? describeSource)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } mapping:
                output.Append('\n');
                WriteMapping(output, mapping, path, indent + 2, describeSource);
                return;
            case JsonArray { Count: > 0 } list:
                output.Append('\n');
                for (var i = 0; i < list.Count; i++)
                {
                    output.Append(' ', indent + 2).Append('-');
                    WriteValue(output, list[i], ConfigPath.Index(path, i), indent + 4, describeSource);
                }

                return;
            default:
                output.Append(' ').Append(Scalar(value));
                if (describeSource is not null)
                {
                    output.Append("  # ").Append(describeSource(path));
                }

                output.Append('\n');
                return;
        }
    }

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue leaf when leaf.GetValueKind() == JsonValueKind.String => Quote(leaf.GetValue<string>()),
        _ => value.ToJsonString(),
    };

    private static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/') && !char.IsAsciiDigit(key[0])
            ? key
            : Quote(key);

    private static string Quote(string text) => JsonSerializer.Serialize(text, QuoteOptions);
}
