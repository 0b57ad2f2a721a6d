using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// <c>GET .../counters?interval=N&amp;seconds=M</c>: the runtime's counters as Server-Sent Events, one <c>counter</c> event
/// per counter and interval, until the caller leaves or <c>seconds</c> have passed. An event's data is one JSON
/// object, so <c>curl -N</c> piped to <c>jq</c> reads it as well as a browser's <c>EventSource</c>.
/// </summary>
internal static class RuntimeCounterStream
{
    /// <summary>The longest interval between two values of a counter.</summary>
    public const int MaxIntervalSeconds = 60;

    /// <summary>The longest stream that <c>seconds</c> may ask for; without it the stream lasts as long as the caller.</summary>
    public const int MaxSeconds = 24 * 60 * 60;

    private static readonly byte[] EventPrefix = Encoding.UTF8.GetBytes("event: counter\ndata: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    public static async Task StreamAsync(HttpContext context, TimeProvider time, ILogger logger)
    {
        if (!RuntimeCounterListener.IsSupported)
        {
            // Refused before the stream opens: an open stream that never sends a value would look like a stalled runtime.
            throw ProcessDiagnostics.CountersUnavailable();
        }

        var interval = DiagnosticsQuery.Seconds(context.Request, "interval", 1, MaxIntervalSeconds)!.Value;
        var seconds = DiagnosticsQuery.Seconds(context.Request, "seconds", null, MaxSeconds);
        using var listener = new RuntimeCounterListener(interval, time);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var deadline = seconds is { } s ? time.CreateTimer(_ => end.Cancel(), null, TimeSpan.FromSeconds(s), Timeout.InfiniteTimeSpan) : null;

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        // Sent now, so that the caller sees the stream open before the first interval has passed.
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($": runtime counters of process {Environment.ProcessId}, every {interval} s\n\n"), end.Token).ConfigureAwait(false);
        await response.Body.FlushAsync(end.Token).ConfigureAwait(false);

        var buffer = new ArrayBufferWriter<byte>();
        long samples = 0;
        try
        {
            await foreach (var counter in listener.Values.ReadAllAsync(end.Token).ConfigureAwait(false))
            {
                buffer.ResetWrittenCount();
                buffer.Write(EventPrefix);
                Write(buffer, counter);
                buffer.Write(EventEnd);
                await response.Body.WriteAsync(buffer.WrittenMemory, end.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(end.Token).ConfigureAwait(false);
                samples++;
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // The caller left, or the asked-for seconds are over: either way the stream is done.
        }

        DiagnosticsLog.CountersStreamed(logger, Environment.ProcessId, samples);
    }

    private static void Write(IBufferWriter<byte> buffer, RuntimeCounter counter)
    {
        using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteString("name", counter.Name);
        json.WriteString("displayName", counter.DisplayName);
        json.WriteString("unit", counter.Unit);
        json.WriteString("kind", counter.IsRate ? "rate" : "gauge");
        if (double.IsFinite(counter.Value))
        {
            json.WriteNumber("value", counter.Value);
        }
        else
        {
            json.WriteNull("value");
        }

        json.WriteString("time", counter.Time);
        json.WriteEndObject();
    }
}
