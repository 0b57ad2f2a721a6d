using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Diagnostics.NETCore.Client;

namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// The process's own diagnostics IPC (the socket <c>dotnet-trace</c> and <c>dotnet-dump</c> use), reached from
/// inside: no second tool in the image, and no other process needs to see ours.
/// </summary>
internal static class ProcessDiagnostics
{
    public static DiagnosticsClient Client() => new(Environment.ProcessId);

    /// <summary>501 <c>NOT_IMPLEMENTED</c>: the runtime serves no diagnostics IPC here.</summary>
    public static AtriumException Unavailable(Exception cause) => new(
        ErrorCodes.NotImplemented,
        "This process serves no diagnostics IPC (a Native AOT build, or DOTNET_EnableDiagnostics=0 in its environment).",
        cause);

    /// <summary>501 <c>NOT_IMPLEMENTED</c>: the runtime has no EventSource, so no counter would ever arrive.</summary>
    public static AtriumException CountersUnavailable() => new(
        ErrorCodes.NotImplemented,
        "This process has no runtime counters (a Native AOT build: EventSource is not compiled in).");

    /// <summary>Marks a binary download named after the process, so that files of several processes do not mix.</summary>
    public static void Attachment(HttpResponse response, string kind, string extension, TimeProvider time)
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        response.ContentType = "application/octet-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentDisposition = $"attachment; filename=\"atrium-{Environment.ProcessId}-{kind}-{stamp}.{extension}\"";
    }
}
