using System.Text.Json;
using System.Text.Json.Nodes;

namespace Atrium.Chassis.Configuration;

/// <summary>The walk over a JSON view of config (the admin API's answers).</summary>
public static partial class ConfigRedactor
{
    /// <summary>
    /// Redacts a JSON view in place: each string by its property's name (<see cref="RedactValue"/>), everything under a
    /// secret's name, and the <c>value</c>/<c>values</c> of an object whose <c>name</c> is a secret's (a header match on
    /// <c>Authorization</c>), and every value a route's request header transforms set or append
    /// (<c>transforms.requestHeaders.set</c>/<c>.append</c>: how upstream credentials such as <c>X-Internal-Key</c>
    /// are injected, whatever the header is called); the header names stay visible. Strings in arrays are redacted
    /// by the name of the property holding the array.
    /// </summary>
    public static void Redact(JsonNode? node) => Redact(node, name: "", secret: false);

    private static void Redact(JsonNode? node, string name, bool secret)
    {
        switch (node)
        {
            case JsonObject obj:
                var secretValues = obj["name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var named) && IsSecretName(named);
                foreach (var (key, child) in obj.ToList())
                {
                    var childSecret = secret || IsSecretName(key) || (secretValues && key is "value" or "values") || IsInjectedHeaders(name, key);
                    if (child is JsonValue leaf)
                    {
                        if (RedactLeaf(leaf, key, childSecret) is { } redacted)
                        {
                            obj[key] = redacted;
                        }
                    }
                    else
                    {
                        Redact(child, key, childSecret);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue leaf)
                    {
                        if (RedactLeaf(leaf, name, secret) is { } redacted)
                        {
                            array[i] = redacted;
                        }
                    }
                    else
                    {
                        Redact(array[i], name, secret);
                    }
                }

                break;
        }
    }

    /// <summary>Whether <paramref name="key"/> under <paramref name="parent"/> is a map of headers added to requests sent upstream.</summary>
    private static bool IsInjectedHeaders(string parent, string key) =>
        Normalize(parent) == "requestheaders" && Normalize(key) is "set" or "append";

    /// <summary>The replacement of a leaf, or <see langword="null"/> when it may be shown as it is.</summary>
    // A node built from a value that JSON writes as a string (a DateTimeOffset in the admin views) holds that value, not
    // a string: its text is what it writes.
    private static string WrittenText(JsonValue leaf)
    {
        using var document = JsonDocument.Parse(leaf.ToJsonString());
        return document.RootElement.GetString() ?? string.Empty;
    }

    private static JsonValue? RedactLeaf(JsonValue leaf, string name, bool secret)
    {
        var kind = leaf.GetValueKind();
        if (kind != JsonValueKind.String)
        {
            // A number under a secret's name (a numeric PIN or token) is still its value.
            return secret && kind == JsonValueKind.Number ? JsonValue.Create(Mask) : null;
        }

        var text = leaf.TryGetValue<string>(out var value) ? value : WrittenText(leaf);
        var shown = secret && text.Length > 0 ? Mask : RedactValue(name, text);
        return string.Equals(shown, text, StringComparison.Ordinal) ? null : JsonValue.Create(shown);
    }
}
