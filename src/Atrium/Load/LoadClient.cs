using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Atrium.Load;

/// <summary>
/// Sends one request and counts it: its latency under a name (method and route, not the URL, so that product pages
/// add up), and a failure under its status and the problem's error code.
/// </summary>
internal sealed class LoadClient(HttpClient http, LoadStats stats, TimeProvider time)
{
    public LoadStats Stats => stats;

    public TimeProvider Time => time;

    /// <summary>
    /// Sends the request; <paramref name="scheduled"/> (open loop, an iteration's first request) is when it should have
    /// gone, and the latency counts from there: a request sent late because the generator or the system fell behind
    /// is slow by that much (no coordinated omission).
    /// </summary>
    [SuppressMessage("Design", "CA1031", Justification = "Any failure to get a response is counted as an error of the run, never thrown.")]
    public async Task<LoadResponse> SendAsync(string name, HttpMethod method, string path, string? token = null, object? body = null,
        Action<HttpRequestHeaders>? headers = null, long? scheduled = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        headers?.Invoke(request.Headers);
        var started = scheduled ?? time.GetTimestamp();
        LoadResponse result;
        string? error;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var json = Parse(text);
            result = new LoadResponse((int)response.StatusCode, json, response.Headers.RetryAfter?.Delta);
            error = result.IsSuccess ? null : json?["code"] is JsonValue code ? $"{result.Status} {code}" : $"{result.Status}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            (result, error) = (new LoadResponse(0, null, null), "TIMEOUT");
        }
        catch (HttpRequestException ex)
        {
            (result, error) = (new LoadResponse(0, null, null), ex.HttpRequestError == HttpRequestError.Unknown ? "NETWORK_ERROR" : $"NETWORK_ERROR {ex.HttpRequestError}");
        }

        stats.Request(name, time.GetElapsedTime(started).TotalMilliseconds, error);
        return result;
    }

    private static JsonNode? Parse(string text)
    {
        if (text.Length == 0 || text[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
