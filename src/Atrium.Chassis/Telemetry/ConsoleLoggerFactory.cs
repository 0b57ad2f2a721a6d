using Atrium.Chassis.Telemetry.Logging;
using Microsoft.Extensions.Logging;
using ConsoleFormatter = Microsoft.Extensions.Logging.Console.ConsoleFormatter;
using ConsoleLoggerOptions = Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions;
using ConsoleLoggerProvider = Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// The process's own logger factory (the one the command line and the module lifecycle log through, before and beside
/// the modules' web hosts): the console output of <see cref="TelemetryLoggingBuilderExtensions.AddAtriumConsole"/>
/// with the level and overrides of <c>logging</c>, put together by hand.
/// </summary>
/// <remarks>
/// <see cref="LoggerFactory.Create"/> builds a service provider for the same few objects, which under Native AOT
/// resolves them by reflection and stays in memory for the process's life: built by hand, <c>atrium-gateway</c>'s
/// idle RSS is 0.6 MB lower (docs/benchmarks.md).
/// </remarks>
internal static class ConsoleLoggerFactory
{
    public static ILoggerFactory Create(string service, LoggingOptions logging, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var terminal = !Console.IsOutputRedirected;
        ConsoleFormatter formatter = TelemetryLoggingBuilderExtensions.WritesJson(logging.Format, terminal)
            ? new JsonConsoleFormatter(new FixedOptionsMonitor<JsonConsoleFormatterOptions>(new() { Service = service, TimeProvider = timeProvider }))
            : new TextConsoleFormatter(new FixedOptionsMonitor<TextConsoleFormatterOptions>(new() { Service = service, TimeProvider = timeProvider, Colors = terminal }));
        var filter = new LoggerFilterOptions { MinLevel = logging.Level };
        foreach (var (category, level) in logging.Overrides)
        {
            filter.Rules.Add(new LoggerFilterRule(null, category, level, null));
        }

        var factory = new LoggerFactory([], filter);
        try
        {
            // Added rather than passed to the constructor: the factory disposes only the providers added to it, and the
            // console provider's queue must be flushed when the factory is.
            factory.AddProvider(new ConsoleLoggerProvider(
                new FixedOptionsMonitor<ConsoleLoggerOptions>(new ConsoleLoggerOptions { FormatterName = formatter.Name }), [formatter]));
            return factory;
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }
}
