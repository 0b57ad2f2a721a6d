using Atrium.Chassis.Telemetry.Logging;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Adds the Atrium log outputs: JSON lines on stdout and, optionally, OTLP.
/// </summary>
public static class TelemetryLoggingBuilderExtensions
{
    /// <summary>
    /// Writes logs to stdout as one JSON object per line with <c>timestamp</c>, <c>level</c>, <c>category</c>,
    /// <c>message</c>, <c>event_id</c>, <c>trace_id</c>, <c>span_id</c>, <c>service</c>, the structured state and
    /// <c>exception</c>.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="service">The value of the <c>service</c> member.</param>
    /// <param name="timeProvider">The clock for <c>timestamp</c>; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder AddAtriumJsonConsole(
        this ILoggingBuilder builder, string service, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(service);
        builder.AddConsole(o => o.FormatterName = JsonConsoleFormatter.FormatterName);
        builder.AddConsoleFormatter<JsonConsoleFormatter, JsonConsoleFormatterOptions>(o =>
        {
            o.Service = service;
            o.TimeProvider = timeProvider ?? TimeProvider.System;
        });
        return builder;
    }

    /// <summary>
    /// Also exports logs over OTLP when <see cref="OtlpOptions.Endpoint"/> is set; otherwise does nothing.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="options">The telemetry options holding the OTLP settings.</param>
    /// <param name="service">The <c>service.name</c> resource attribute.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder AddAtriumOtlpLogs(this ILoggingBuilder builder, TelemetryOptions options, string service)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Otlp.IsEnabled)
        {
            return builder;
        }

        var serviceNamespace = string.IsNullOrEmpty(options.ServiceNamespace) ? null : options.ServiceNamespace;
        return builder.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service, serviceNamespace));
            o.AddOtlpExporter(e => OtlpExporterSettings.Apply(options.Otlp, "logs", e));
        });
    }
}
