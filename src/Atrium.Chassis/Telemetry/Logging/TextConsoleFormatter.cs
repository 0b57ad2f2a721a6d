using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>
/// Writes each log entry as one readable line (<c>timestamp level service category[event] message</c>), with the
/// exception, and any further lines of the message, below it as a block indented by four spaces.
/// </summary>
internal sealed class TextConsoleFormatter : ConsoleFormatter, IDisposable
{
    /// <summary>The name the console logger selects this formatter by.</summary>
    public const string FormatterName = "atrium-text";

    private const string Indent = "    ";
    private const string Reset = "\e[0m";

    private readonly IDisposable? _reload;
    private TextConsoleFormatterOptions _options;

    public TextConsoleFormatter(IOptionsMonitor<TextConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(updated => _options = updated);
    }

    public override void Write<TState>(
        in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null)
        {
            return;
        }

        var options = _options;
        var text = new StringBuilder(128)
            .Append(options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append(' ');
        var (label, colour) = Level(logEntry.LogLevel);
        if (options.Colors)
        {
            text.Append(colour).Append(label).Append(Reset);
        }
        else
        {
            text.Append(label);
        }

        text.Append(' ').Append(options.Service).Append(' ').Append(logEntry.Category);
        if (logEntry.EventId.Id != 0)
        {
            text.Append('[').Append(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        // The first line of the message stays on the event's line; the rest, like a stack trace, is indented below.
        var lines = (message ?? string.Empty).Split('\n');
        text.Append(": ").Append(lines[0].TrimEnd());
        TrimEnd(text);
        text.Append('\n');
        AppendIndented(text, lines.Skip(1));
        if (logEntry.Exception is { } exception)
        {
            AppendIndented(text, exception.ToString().Split('\n'));
        }

        textWriter.Write(text.ToString());
    }

    public void Dispose() => _reload?.Dispose();

    private static void AppendIndented(StringBuilder text, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var trimmed = line.TrimEnd();
            if (trimmed.Length > 0)
            {
                text.Append(Indent).Append(trimmed).Append('\n');
            }
        }
    }

    private static void TrimEnd(StringBuilder text)
    {
        while (text.Length > 0 && char.IsWhiteSpace(text[^1]))
        {
            text.Length--;
        }
    }

    private static (string Label, string Colour) Level(LogLevel level) => level switch
    {
        LogLevel.Trace => ("trce", "\e[90m"),
        LogLevel.Debug => ("dbug", "\e[90m"),
        LogLevel.Information => ("info", "\e[32m"),
        LogLevel.Warning => ("warn", "\e[33m"),
        LogLevel.Error => ("fail", "\e[31m"),
        LogLevel.Critical => ("crit", "\e[1;31m"),
        _ => ("none", string.Empty),
    };
}
