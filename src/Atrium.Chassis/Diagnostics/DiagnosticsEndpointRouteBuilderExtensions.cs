using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// Maps the process's diagnostics (docs/diagnostics.md): a CPU trace, a heap dump and a stream of runtime counters,
/// the <c>/debug/pprof</c> of Atrium. They expose the whole process (a dump holds every secret in memory), so only
/// a listener behind the admin token maps them.
/// </summary>
public static class DiagnosticsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <c>GET {prefix}/trace?seconds=N</c> (a <c>.nettrace</c>), <c>GET {prefix}/gcdump</c> (a dump with the
    /// managed heap) and <c>GET {prefix}/counters</c> (Server-Sent Events).
    /// </summary>
    /// <param name="endpoints">The route builder of a listener behind the admin token.</param>
    /// <param name="prefix">The path the three endpoints live under.</param>
    /// <returns>The group's builder, for conventions.</returns>
    public static IEndpointConventionBuilder MapRuntimeDiagnostics(this IEndpointRouteBuilder endpoints, string prefix = "/admin/diagnostics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/trace", context => CpuTrace.StreamAsync(context, Time(context), Logger(context)));
        group.MapGet("/gcdump", context => HeapDump.WriteAsync(context, Time(context), Logger(context)));
        group.MapGet("/counters", context => RuntimeCounterStream.StreamAsync(context, Time(context), Logger(context)));
        return group.ExcludeFromDescription();
    }

    private static TimeProvider Time(HttpContext context) => context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(DiagnosticsLog.Category);
}
