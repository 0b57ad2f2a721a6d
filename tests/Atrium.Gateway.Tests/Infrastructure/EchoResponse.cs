using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>What an echo upstream saw: method, path, query, host and headers.</summary>
internal sealed record EchoResponse(string Method, string Path, string Query, string Host, Dictionary<string, string[]> Headers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The values of a header as the upstream saw them, or none.</summary>
    public string[] Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    public static Task Write(HttpContext context)
    {
        var request = context.Request;
        var echo = new EchoResponse(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Host.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray(), StringComparer.OrdinalIgnoreCase));
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(echo, Json));
    }

    /// <summary>An echo read from a response body taken off a raw socket.</summary>
    public static EchoResponse Parse(string json) => JsonSerializer.Deserialize<EchoResponse>(json, Json)!;

    public static async Task<EchoResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<EchoResponse>(text, Json)!;
    }
}
