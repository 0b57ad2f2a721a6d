using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Validation;

/// <summary>Rules of <c>circuitBreaker.fallback</c>: no header the gateway sets itself.</summary>
internal static class CircuitBreakerFallbackValidator
{
    public static void Validate(CircuitBreakerFallbackConfig fallback, ConfigScope scope)
    {
        foreach (var name in fallback.Headers.Keys)
        {
            if (HopByHopHeaders.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                scope.AddError($"headers.{name}", $"'{name}' is set by the gateway and cannot be configured");
            }
        }
    }
}
