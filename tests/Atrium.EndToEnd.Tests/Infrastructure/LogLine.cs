using System.Text.Json;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>One stdout line of atrium parsed as its JSON log object.</summary>
internal sealed class LogLine
{
    private LogLine(string text, JsonElement json)
    {
        Text = text;
        Json = json;
    }

    public string Text { get; }

    public JsonElement Json { get; }

    public string? this[string member] =>
        Json.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool Has(string member) => Json.TryGetProperty(member, out _);

    public static LogLine? TryParse(string text)
    {
        if (!text.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? new LogLine(text, document.RootElement.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
