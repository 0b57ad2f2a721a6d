using Atrium.Chassis.Errors;
using Atrium.Chassis.Telemetry.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Maps the Prometheus scrape endpoint.
/// </summary>
internal static class TelemetryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the metrics of <paramref name="telemetry"/> as <c>text/plain; version=0.0.4; charset=utf-8</c> on GET, or,
    /// when metrics are off, 404 <c>METRICS_DISABLED</c> (<see cref="ErrorCodes.MetricsDisabled"/>).
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="telemetry">The running telemetry whose metrics are served.</param>
    /// <param name="pattern">The route; defaults to <c>/metrics</c>.</param>
    /// <param name="module">The module whose series are served (<see cref="AtriumTelemetry.WriteMetricsAsync(string?, Stream, CancellationToken)"/>); <see langword="null"/> for the first module's.</param>
    /// <returns>The endpoint builder, for authorization or other conventions.</returns>
    public static IEndpointConventionBuilder MapPrometheusMetrics(
        this IEndpointRouteBuilder endpoints, AtriumTelemetry telemetry, string pattern = "/metrics", string? module = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(telemetry);
        return endpoints.MapGet(pattern, async context =>
        {
            if (!telemetry.Metrics)
            {
                await ProblemResponse.TryWriteAsync(context, ErrorCodes.MetricsDisabled, "telemetry.metrics is false: this process collects no metrics").ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = PrometheusTextWriter.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            await telemetry.WriteMetricsAsync(module, context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
    }
}
