using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Atrium.Chassis.Tests.Telemetry.Logging;

/// <summary>
/// A logger that hands entries straight to a console formatter and keeps what it writes.
/// </summary>
internal sealed class FormatterLogger(ConsoleFormatter formatter, string category) : ILogger
{
    public StringWriter Output { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter1) =>
        formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter1), null, Output);
}
