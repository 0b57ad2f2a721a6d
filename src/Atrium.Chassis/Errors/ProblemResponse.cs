using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Errors;

/// <summary>
/// Writes RFC 9457 <c>application/problem+json</c> responses in Atrium's envelope: the standard members plus
/// <c>code</c> (the stable <see cref="ErrorCode"/> name), <c>trace_id</c> and, for validation failures, <c>errors</c>;
/// and the <c>X-Error-Code</c> header so that proxies and logs can see the code without reading the body.
/// </summary>
public static class ProblemResponse
{
    /// <summary>The header that carries the error code on every error response.</summary>
    public const string ErrorCodeHeader = "X-Error-Code";

    /// <summary>The media type of problem responses.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>
    /// Writes a problem for <paramref name="code"/>. Does nothing if the response has already started: a body cannot
    /// be replaced once bytes went out, and the caller then only aborts.
    /// </summary>
    /// <returns><see langword="true"/> when the problem was written.</returns>
    public static async Task<bool> TryWriteAsync(
        HttpContext context,
        ErrorCode code,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(code);
        var response = context.Response;
        if (response.HasStarted)
        {
            return false;
        }

        // What a handler set to tell the client how to recover survives the reset: the challenge of a 401, the wait of a 429/503.
        var challenge = response.Headers.WWWAuthenticate;
        var retryAfter = response.Headers.RetryAfter;
        response.Clear();
        response.Headers.WWWAuthenticate = challenge;
        response.Headers.RetryAfter = retryAfter;
        response.StatusCode = code.HttpStatus;
        response.ContentType = ContentType;
        response.Headers[ErrorCodeHeader] = code.Name;
        response.Headers.CacheControl = "no-store";
        context.Features.Set<IErrorCodeFeature>(new ErrorCodeFeature(code));

        var body = Render(code, detail, errors, context.Request.Path.Value, Activity.Current?.TraceId.ToHexString());
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    /// <summary>Renders the problem body; exposed for protocols that carry it elsewhere (tests, logs).</summary>
    public static byte[] Render(ErrorCode code, string? detail, IReadOnlyDictionary<string, string[]>? errors, string? instance, string? traceId)
    {
        ArgumentNullException.ThrowIfNull(code);
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "urn:atrium:error:" + code.Name);
            json.WriteString("title", code.Title);
            json.WriteNumber("status", code.HttpStatus);
            json.WriteString("detail", detail ?? code.Title);
            if (!string.IsNullOrEmpty(instance))
            {
                json.WriteString("instance", instance);
            }

            json.WriteString("code", code.Name);
            if (traceId is not null)
            {
                json.WriteString("trace_id", traceId);
            }

            if (errors is { Count: > 0 })
            {
                json.WriteStartObject("errors");
                foreach (var (field, messages) in errors)
                {
                    json.WriteStartArray(field);
                    foreach (var message in messages)
                    {
                        json.WriteStringValue(message);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
