using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// A meter handed out by <see cref="SharedMeterFactory"/> that ignores <see cref="Meter.Dispose()"/>.
/// </summary>
/// <remarks>
/// ASP.NET Core's <c>HostingMetrics</c> disposes its meter when its application's container is disposed; for a
/// meter shared with the process's other applications that would end their measurements too.
/// </remarks>
internal sealed class ProcessLifetimeMeter(MeterOptions options) : Meter(options)
{
    [SuppressMessage("Usage", "CA2215:Dispose methods should call base class dispose",
        Justification = "The meter is shared process-wide; one owner's dispose must not end it for the others.")]
    protected override void Dispose(bool disposing)
    {
    }
}
