using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Configuration;

/// <summary>A static answer served while a cluster's circuit is open (<c>circuitBreaker.fallback</c>).</summary>
public sealed class CircuitBreakerFallbackConfig : IValidatableConfig
{
    /// <summary>The status code. Default 503.</summary>
    [Range(200, 599)]
    public int Status { get; set; } = 503;

    /// <summary>Response headers. Default none.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body, sent as is (set <c>Content-Type</c> in <see cref="Headers"/>). Default empty.</summary>
    public string Body { get; set; } = "";

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var name in Headers.Keys)
        {
            if (HopByHopHeaders.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.AddError($"headers.{name}", $"'{name}' is set by the gateway and cannot be configured");
            }
        }
    }
}
