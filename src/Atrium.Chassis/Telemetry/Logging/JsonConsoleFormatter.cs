using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>
/// Writes each log entry as one JSON object on one line, with trace context and structured state.
/// </summary>
internal sealed class JsonConsoleFormatter : ConsoleFormatter, IDisposable
{
    /// <summary>The name the console logger selects this formatter by.</summary>
    public const string FormatterName = "atrium-json";

    private const string OriginalFormatKey = "{OriginalFormat}";

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "timestamp", "level", "category", "message", "event_id", "trace_id", "span_id", "service", "exception",
    };

    private readonly IDisposable? _reload;
    private JsonConsoleFormatterOptions _options;

    public JsonConsoleFormatter(IOptionsMonitor<JsonConsoleFormatterOptions> options)
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
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", options.TimeProvider.GetUtcNow().UtcDateTime
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", message);
            if (logEntry.EventId.Id != 0)
            {
                json.WriteNumber("event_id", logEntry.EventId.Id);
            }

            if (Activity.Current is { } activity)
            {
                json.WriteString("trace_id", activity.TraceId.ToHexString());
                json.WriteString("span_id", activity.SpanId.ToHexString());
            }

            json.WriteString("service", options.Service);
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> state)
            {
                WriteState(json, state);
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    public void Dispose() => _reload?.Dispose();

    private static void WriteState(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, object?>> state)
    {
        foreach (var (key, value) in state)
        {
            if (key == OriginalFormatKey)
            {
                continue;
            }

            // A state key named like a fixed member, in any casing, must not produce a duplicate or confusable property.
            var name = Reserved.Contains(key) ? "state_" + key : key;
            JsonStateValue.Write(json, name, value);
        }
    }
}
