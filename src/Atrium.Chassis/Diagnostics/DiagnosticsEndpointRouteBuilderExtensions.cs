using Atrium.Chassis.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// Maps the process's diagnostics (docs/diagnostics.md): a CPU trace, a heap dump and a stream of runtime counters,
/// the <c>/debug/pprof</c> of Atrium. They expose the whole process (a dump holds every secret in memory), so they are
/// served only behind the admin token, which they check themselves: every module listener maps them
/// (<see cref="Hosting.ModuleWebHost.Build"/>), whatever else guards it.
/// </summary>
internal static class DiagnosticsEndpointRouteBuilderExtensions
{
    /// <summary>The path the endpoints live under.</summary>
    public const string Prefix = "/admin/diagnostics";

    /// <summary>
    /// Serves <c>GET /admin/diagnostics/trace?seconds=N</c> (a <c>.nettrace</c>), <c>GET /admin/diagnostics/gcdump</c>
    /// (a dump with the managed heap) and <c>GET /admin/diagnostics/counters</c> (Server-Sent Events), each behind
    /// <paramref name="token"/> (<see cref="AdminTokenGuard"/>).
    /// </summary>
    public static IEndpointConventionBuilder MapRuntimeDiagnostics(this IEndpointRouteBuilder endpoints, AdminToken token)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var guard = new AdminTokenGuard(token, endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(DiagnosticsLog.Category));
        var group = endpoints.MapGroup(Prefix);
        group.MapGet("/trace", guard.Guard(context => CpuTrace.StreamAsync(context, Time(context), Logger(context))));
        group.MapGet("/gcdump", guard.Guard(context => HeapDump.WriteAsync(context, Time(context), Logger(context))));
        group.MapGet("/counters", guard.Guard(context => RuntimeCounterStream.StreamAsync(context, Time(context), Logger(context))));
        return group.ExcludeFromDescription();
    }

    private static TimeProvider Time(HttpContext context) => context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(DiagnosticsLog.Category);
}
