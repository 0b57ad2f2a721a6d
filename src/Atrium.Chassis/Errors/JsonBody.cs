using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Atrium.Chassis.Errors;

/// <summary>
/// Reads a JSON request body by one strict rule, for every endpoint that takes one. Two parsers that read one body
/// two ways (a proxy that keeps the first of two equal members, a service that keeps the last) are how checks get
/// bypassed, so a body is refused unless it means one thing: no member twice (names compare as the endpoints bind
/// them, ignoring case), numbers only as JSON numbers (never <c>"2"</c>), nothing after the value, UTF-8 only, and
/// no more than a cap (<see cref="DefaultMaxBytes"/> unless the endpoint says otherwise).
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// The largest body <see cref="ReadAsync{T}(HttpRequest, CancellationToken)"/> reads: 64 KiB, far above any order
    /// or product the APIs accept, far below Kestrel's 30 MB (a body is held in memory whole to be parsed).
    /// </summary>
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>
    /// The options bodies are read with: ASP.NET Core's web defaults (camelCase, names matched ignoring case) with
    /// duplicate members refused and numbers read only from JSON numbers. Read-only.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Reads the body as <typeparamref name="T"/>, at most <see cref="DefaultMaxBytes"/>; an empty body or
    /// <c>null</c> reads as <see langword="null"/>, which the endpoint reports field by field as missing.
    /// </summary>
    /// <exception cref="AtriumException">As <see cref="ReadAsync{T}(HttpRequest, int, CancellationToken)"/>.</exception>
    public static Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) =>
        ReadAsync<T>(request, DefaultMaxBytes, cancellationToken);

    /// <summary>
    /// Reads the body as <typeparamref name="T"/>, at most <paramref name="maxBytes"/> bytes; an empty body or
    /// <c>null</c> reads as <see langword="null"/>, which the endpoint reports field by field as missing.
    /// </summary>
    /// <exception cref="AtriumException">
    /// <see cref="ErrorCodes.UnsupportedMediaType"/> for a body that is not <c>application/json</c> (or
    /// <c>application/*+json</c>) in UTF-8; <see cref="ErrorCodes.PayloadTooLarge"/> for one longer than
    /// <paramref name="maxBytes"/> (by its <c>Content-Length</c> or, chunked, as it arrives);
    /// <see cref="ErrorCodes.BadRequest"/> for one that is not JSON; <see cref="ValidationFailedException"/> naming
    /// the member for a member given twice or of the wrong type.
    /// </exception>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (!IsUtf8Json(request.ContentType))
        {
            throw new AtriumException(ErrorCodes.UnsupportedMediaType, "The body must be JSON in UTF-8 (Content-Type: application/json).");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var body = new MemoryStream((int)(request.ContentLength ?? 0));
        await CopyAsync(request.Body, body, maxBytes, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Copies counting what arrives: a chunked body has no length to check up front.</summary>
    private static async Task CopyAsync(Stream source, MemoryStream destination, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (destination.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                destination.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static AtriumException TooLarge(int maxBytes) =>
        new(ErrorCodes.PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");

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
