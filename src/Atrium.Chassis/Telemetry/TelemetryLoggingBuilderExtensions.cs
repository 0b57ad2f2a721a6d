using System.Diagnostics.CodeAnalysis;
using Atrium.Chassis.Telemetry.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Adds the Atrium log outputs: JSON or text lines on stdout and, optionally, OTLP.
/// </summary>
public static class TelemetryLoggingBuilderExtensions
{
    /// <summary>
    /// Writes logs to stdout in <paramref name="format"/>: <see cref="LogFormat.Json"/> as
    /// <see cref="AddAtriumJsonConsole"/>, <see cref="LogFormat.Text"/> as one readable line per entry (colours only when
    /// stdout is a terminal), <see cref="LogFormat.Auto"/> as text on a terminal and JSON otherwise.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="service">The module name written on each entry.</param>
    /// <param name="format">The format from <c>logging.format</c>.</param>
    /// <param name="timeProvider">The clock for timestamps; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder AddAtriumConsole(
        this ILoggingBuilder builder, string service, LogFormat format, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(service);
        var terminal = !Console.IsOutputRedirected;
        if (format == LogFormat.Json || (format == LogFormat.Auto && !terminal))
        {
            return builder.AddAtriumJsonConsole(service, timeProvider);
        }

        builder.AddConsole(o => o.FormatterName = TextConsoleFormatter.FormatterName);
        AddFormatter<TextConsoleFormatter, TextConsoleFormatterOptions>(builder, o =>
        {
            o.Service = service;
            o.TimeProvider = timeProvider ?? TimeProvider.System;
            o.Colors = terminal;
        });
        return builder;
    }

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
        AddFormatter<JsonConsoleFormatter, JsonConsoleFormatterOptions>(builder, o =>
        {
            o.Service = service;
            o.TimeProvider = timeProvider ?? TimeProvider.System;
        });
        return builder;
    }

    // What AddConsoleFormatter does, without the binding of the formatter's options from the logging configuration (our
    // options come from atrium.yaml): that binding is reflection the Native AOT gateway cannot have.
    private static void AddFormatter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFormatter, TOptions>(ILoggingBuilder builder, Action<TOptions> configure)
        where TFormatter : Microsoft.Extensions.Logging.Console.ConsoleFormatter
        where TOptions : Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Logging.Console.ConsoleFormatter, TFormatter>());
        builder.Services.Configure(configure);
    }

    /// <summary>
    /// Also exports logs over OTLP when <see cref="OtlpOptions.Endpoint"/> is set; otherwise does nothing.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="options">The telemetry options holding the OTLP settings.</param>
    /// <param name="service">The <c>service.name</c> resource attribute.</param>
    /// <param name="alone">Whether the module is the only one in the process, so that <c>OTEL_SERVICE_NAME</c> replaces its name.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder AddAtriumOtlpLogs(this ILoggingBuilder builder, TelemetryOptions options, string service, bool alone = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Otlp.IsEnabled)
        {
            return builder;
        }

        return builder.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.SetResourceBuilder(TelemetryResource.Create(options, service, alone));
            o.AddOtlpExporter(e => OtlpExporterSettings.Apply(options.Otlp, "logs", e));
        });
    }
}
