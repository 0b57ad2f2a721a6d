using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Atrium.Chassis.Errors;

/// <summary>
/// Reads a JSON request body by one strict rule, for every endpoint that takes one. Two parsers that read one body
/// two ways (a proxy that keeps the first of two equal members, a service that keeps the last) are how checks get
/// bypassed, so a body is refused unless it means one thing: no member twice (names compare as the endpoints bind
/// them, ignoring case), numbers only as JSON numbers (never <c>"2"</c>), nothing after the value, UTF-8 only.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// The options bodies are read with: ASP.NET Core's web defaults (camelCase, names matched ignoring case) with
    /// duplicate members refused and numbers read only from JSON numbers. Read-only.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Reads the body as <typeparamref name="T"/>; an empty body or <c>null</c> reads as <see langword="null"/>, which
    /// the endpoint reports field by field as missing.
    /// </summary>
    /// <exception cref="AtriumException">
    /// <see cref="ErrorCodes.UnsupportedMediaType"/> for a body that is not <c>application/json</c> (or
    /// <c>application/*+json</c>) in UTF-8; <see cref="ErrorCodes.BadRequest"/> for one that is not JSON;
    /// <see cref="ValidationFailedException"/> naming the member for a member given twice or of the wrong type.
    /// </exception>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsUtf8Json(request.ContentType))
        {
            throw new AtriumException(ErrorCodes.UnsupportedMediaType, "The body must be JSON in UTF-8 (Content-Type: application/json).");
        }

        using var body = new MemoryStream(request.ContentLength is > 0 and < 1 << 20 ? (int)request.ContentLength : 0);
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        var json = new ReadOnlyMemory<byte>(body.GetBuffer(), 0, (int)body.Length);
        if (json.IsEmpty)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json.Span, Options);
        }
        catch (JsonException ex)
        {
            throw JsonBodyError.Describe(ex, json, Options.GetTypeInfo(typeof(T)));
        }
    }

    private static bool IsUtf8Json(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)
            || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || (type.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))))
        {
            return false;
        }

        // JSON between systems is UTF-8 (RFC 8259 §8.1); a charset that says otherwise would be read as something else.
        return !type.Charset.HasValue
            || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            AllowDuplicateProperties = false,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
