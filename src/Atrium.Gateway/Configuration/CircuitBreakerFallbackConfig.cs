using System.ComponentModel.DataAnnotations;

namespace Atrium.Gateway.Configuration;

/// <summary>A static answer served while a cluster's circuit is open (<c>circuitBreaker.fallback</c>).</summary>
public sealed class CircuitBreakerFallbackConfig
{
    /// <summary>The status code. Default 503.</summary>
    [Range(200, 599)]
    public int Status { get; set; } = 503;

    /// <summary>Response headers. Default none.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body, sent as is (set <c>Content-Type</c> in <see cref="Headers"/>). Default empty.</summary>
    public string Body { get; set; } = "";
}
