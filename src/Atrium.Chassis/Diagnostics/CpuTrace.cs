using System.Buffers;
using System.Diagnostics.Tracing;
using Microsoft.AspNetCore.Http;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// <c>GET .../trace?seconds=N</c>: an EventPipe session on the process itself with <c>dotnet-trace</c>'s
/// <c>cpu-sampling</c> providers, streamed to the caller as a <c>.nettrace</c> file while it is written, so that nothing
/// is buffered on disk and a caller who leaves ends the session.
/// </summary>
internal static class CpuTrace
{
    /// <summary>The length of a trace when <c>seconds</c> is not given.</summary>
    public const int DefaultSeconds = 5;

    /// <summary>The longest trace: past a minute the file grows to hundreds of MB and the profiler's cost is felt.</summary>
    public const int MaxSeconds = 60;

    // The runtime's Default keywords (GC, JIT and loader events, exceptions, contention, thread pool): what
    // dotnet-trace's cpu-sampling profile enables, so that PerfView and speedscope resolve the sampled stacks.
    private const long RuntimeDefaultKeywords = 0x14C14FCCBD;

    // Stopping flushes the session and writes the rundown (every method's name); a runtime that does not answer
    // within this is given up on rather than holding the request forever.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly EventPipeProvider[] Providers =
    [
        new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
        new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeDefaultKeywords),
    ];

    public static async Task StreamAsync(HttpContext context, TimeProvider time, ILogger logger)
    {
        var seconds = DiagnosticsQuery.Seconds(context.Request, "seconds", DefaultSeconds, MaxSeconds)!.Value;
        using var gate = DiagnosticsGate.Enter("CPU trace");
        EventPipeSession session;
        try
        {
            session = await ProcessDiagnostics.Client().StartEventPipeSessionAsync(Providers, requestRundown: true, circularBufferMB: 256, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ServerNotAvailableException ex)
        {
            throw ProcessDiagnostics.Unavailable(ex);
        }

        using (session)
        {
            DiagnosticsLog.TraceStarted(logger, Environment.ProcessId, seconds);
            var aborted = context.RequestAborted;
            ProcessDiagnostics.Attachment(context.Response, "trace", "nettrace", time);
            await context.Response.StartAsync(aborted).ConfigureAwait(false);
            var copy = CopyAsync(session.EventStream, context.Response.Body, aborted);
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted))
            {
                await Task.WhenAny(copy, Task.Delay(TimeSpan.FromSeconds(seconds), time, wait.Token)).ConfigureAwait(false);
                await wait.CancelAsync().ConfigureAwait(false);
            }

            using var stopDeadline = new CancellationTokenSource(StopTimeout, time);
            await session.StopAsync(stopDeadline.Token).ConfigureAwait(false);
            var whole = await copy.ConfigureAwait(false);
            DiagnosticsLog.TraceFinished(logger, Environment.ProcessId, seconds, whole);
        }
    }

    /// <summary>
    /// Sends the session's stream until the runtime ends it, and says whether the caller got all of it. A caller who
    /// left is not a reason to stop reading: stopping writes the rundown into the stream, and a runtime whose stream
    /// nobody reads never finishes stopping.
    /// </summary>
    private static async Task<bool> CopyAsync(Stream events, Stream body, CancellationToken aborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var sending = true;
            int read;
            while ((read = await events.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                if (!sending || aborted.IsCancellationRequested)
                {
                    sending = false;
                    continue;
                }

                try
                {
                    await body.WriteAsync(buffer.AsMemory(0, read), aborted).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
                {
                    sending = false;
                }
            }

            return sending;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
