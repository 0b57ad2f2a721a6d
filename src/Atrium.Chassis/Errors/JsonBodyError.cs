using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Atrium.Chassis.Errors;

/// <summary>
/// Turns what <see cref="JsonSerializer"/> refused in a body into the caller's error: not JSON at all is
/// <see cref="ErrorCodes.BadRequest"/> with the position; a member given twice or of the wrong type is
/// <see cref="ErrorCodes.ValidationFailed"/> under the member's path (<c>items[0].quantity</c>; <c>$</c> for the
/// body itself). The serializer's own messages name .NET types, so they stay out of the answer.
/// </summary>
internal static class JsonBodyError
{
    public static AtriumException Describe(JsonException exception, ReadOnlyMemory<byte> json, JsonTypeInfo root)
    {
        if (exception.InnerException is JsonException)
        {
            // The reader's failure: the bytes are not one JSON value.
            var line = (exception.LineNumber ?? 0) + 1;
            var position = exception.BytePositionInLine ?? 0;
            return new AtriumException(
                ErrorCodes.BadRequest,
                string.Create(CultureInfo.InvariantCulture, $"The body is not valid JSON (line {line}, byte {position})."),
                exception);
        }

        var path = Parse(exception.Path);
        var (field, bound) = Resolve(root, path);
        var message = IsRepeated(json, path) ? "appears more than once" : Expected(bound);
        return ValidationFailedException.ForField(field, message);
    }

    /// <summary>
    /// The member's path as the endpoints' own errors spell it (<c>items[0].quantity</c>, whatever case the body used;
    /// <c>$</c> for the body itself) and the type it binds to, when the path leads to one.
    /// </summary>
    private static (string Field, JsonTypeInfo? Bound) Resolve(JsonTypeInfo root, List<object> path)
    {
        var field = new StringBuilder();
        JsonTypeInfo? info = root;
        foreach (var segment in path)
        {
            Type? next;
            if (segment is string member)
            {
                var property = info?.Properties.FirstOrDefault(p => string.Equals(p.Name, member, StringComparison.OrdinalIgnoreCase));
                field.Append(field.Length > 0 ? "." : "").Append(property?.Name ?? member);
                next = property?.PropertyType;
            }
            else
            {
                field.Append(CultureInfo.InvariantCulture, $"[{segment}]");
                next = info?.ElementType;
            }

            info = next is null ? null : root.Options.GetTypeInfo(next);
        }

        return (field.Length > 0 ? field.ToString() : "$", info);
    }

    /// <summary>
    /// The segments of a serializer path such as <c>$.items[0].quantity</c> or <c>$['odd.name']</c>: member names and
    /// array indexes. A path it cannot follow ends where it stops making sense.
    /// </summary>
    private static List<object> Parse(string? path)
    {
        var segments = new List<object>();
        var rest = path is { Length: > 0 } && path[0] == '$' ? path.AsSpan(1) : [];
        while (!rest.IsEmpty)
        {
            int end;
            if (rest.StartsWith("['") && (end = rest.IndexOf("']")) > 0)
            {
                segments.Add(rest[2..end].ToString());
                rest = rest[(end + 2)..];
            }
            else if (rest[0] == '[' && (end = rest.IndexOf(']')) > 0
                && int.TryParse(rest[1..end], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                segments.Add(index);
                rest = rest[(end + 1)..];
            }
            else if (rest[0] == '.')
            {
                end = rest[1..].IndexOfAny('.', '[');
                var length = end < 0 ? rest.Length : end + 1;
                segments.Add(rest[1..length].ToString());
                rest = rest[length..];
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    /// <summary>Whether the member at <paramref name="path"/> occurs more than once in its object.</summary>
    private static bool IsRepeated(ReadOnlyMemory<byte> json, List<object> path)
    {
        if (path.Count == 0 || path[^1] is not string name)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var parent = document.RootElement;
            foreach (var segment in path.SkipLast(1))
            {
                parent = segment switch
                {
                    string member when parent.ValueKind == JsonValueKind.Object => Member(parent, member),
                    int index when parent.ValueKind == JsonValueKind.Array && index < parent.GetArrayLength() => parent[index],
                    _ => default,
                };
            }

            return parent.ValueKind == JsonValueKind.Object
                && parent.EnumerateObject().Count(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) > 1;
        }
        catch (JsonException)
        {
            // Malformed further on than the serializer read; its complaint is the one to report.
            return false;
        }
    }

    private static JsonElement Member(JsonElement parent, string name) =>
        parent.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>What a member bound to <paramref name="info"/> must be.</summary>
    private static string Expected(JsonTypeInfo? info)
    {
        if (info is null)
        {
            return "has the wrong type";
        }

        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        return Type.GetTypeCode(type) switch
        {
            TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "must be a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "must be a number",
            TypeCode.Boolean => "must be true or false",
            TypeCode.String => "must be a string",
            _ when type == typeof(Guid) => "must be a UUID string",
            _ => info.Kind switch
            {
                JsonTypeInfoKind.Enumerable => "must be an array",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "must be an object",
                _ => "has the wrong type",
            },
        };
    }
}
