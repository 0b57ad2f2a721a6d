using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Chassis.Health;

/// <summary>Maps the liveness and readiness endpoints every module serves.</summary>
internal static class HealthEndpoints
{
    /// <summary>Liveness path: 200 while the process can serve HTTP at all.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Readiness path: 200 when every registered check passes, 503 naming what failed otherwise.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>
    /// Maps <c>/healthz</c> and <c>/readyz</c>. Readiness runs every registered <see cref="IHealthCheck"/>; a
    /// <see cref="HealthStatus.Degraded"/> result still answers 200 (the module can take traffic) but is reported.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Internal: for probes on the module's own listener, not in the public API's OpenAPI document.
        endpoints.MapGet(LivenessPath, static (HttpContext context) => WriteLivenessAsync(context)).ExcludeFromDescription();
        endpoints.MapGet(ReadinessPath, static (HttpContext context, HealthCheckService checks) => WriteReadinessAsync(context, checks)).ExcludeFromDescription();
        return endpoints;
    }

    private static Task WriteLivenessAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync("{\"status\":\"Healthy\"}", context.RequestAborted);
    }

    private static async Task WriteReadinessAsync(HttpContext context, HealthCheckService checks)
    {
        var report = await checks.CheckHealthAsync(context.RequestAborted).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-store";

        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 3));
        json.WriteStartArray("failed");
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                json.WriteStringValue(name);
            }
        }

        json.WriteEndArray();
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null)
            {
                json.WriteString("description", entry.Description);
            }

            if (entry.Exception is not null && entry.Description is null)
            {
                // The exception's message only: a readiness answer is seen by load balancers, not debuggers.
                json.WriteString("description", entry.Exception.Message);
            }

            json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 3));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
