using System.Diagnostics;
using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// <c>GET .../gcdump</c>: a dump of the process with its managed heap (<c>dotnet-dump collect --type Heap</c>), written
/// by the runtime's <c>createdump</c> through the diagnostics IPC into the temp directory, sent, and deleted. A dump
/// rather than a <c>.gcdump</c>: the <c>.gcdump</c> format is PerfView's heap graph, whose writer ships in no package
/// (dotnet-gcdump carries a copy of PerfView's sources), while every .NET dump tool and ClrMD read this one.
/// </summary>
internal static class HeapDump
{
    public static async Task WriteAsync(HttpContext context, TimeProvider time, ILogger logger)
    {
        var aborted = context.RequestAborted;
        using var gate = DiagnosticsGate.Enter("heap dump");
        var path = Path.Combine(Path.GetTempPath(), $"atrium-{Environment.ProcessId}-{Guid.NewGuid():N}.dmp");
        try
        {
            var started = Stopwatch.GetTimestamp();
            await Dump(path, aborted).ConfigureAwait(false);
            // Opened before it is deleted: the file lives on for this stream only, whatever happens to the request.
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                File.Delete(path);
                DiagnosticsLog.DumpWritten(logger, Environment.ProcessId, file.Length, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                ProcessDiagnostics.Attachment(context.Response, "heap", "dmp", time);
                context.Response.ContentLength = file.Length;
                await file.CopyToAsync(context.Response.Body, aborted).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task Dump(string path, CancellationToken aborted)
    {
        try
        {
            await ProcessDiagnostics.Client().WriteDumpAsync(DumpType.WithHeap, path, WriteDumpFlags.None, aborted).ConfigureAwait(false);
        }
        catch (ServerNotAvailableException ex)
        {
            throw ProcessDiagnostics.Unavailable(ex);
        }
        catch (DiagnosticsClientException ex)
        {
            // createdump's reasons (no space, ptrace refused by the container) are for the log, which the error
            // envelope writes with this exception, not for the caller.
            throw new AtriumException(ErrorCodes.Internal, "The runtime could not write the dump; the process's log says why.", ex);
        }
    }
}
