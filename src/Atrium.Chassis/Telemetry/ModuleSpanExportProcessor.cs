using System.Diagnostics;
using OpenTelemetry;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Exports, in batches, only the spans of one module (<see cref="ModuleAttribution"/>); its provider's resource names
/// that module. The process's unattributed spans go with its first module.
/// </summary>
internal sealed class ModuleSpanExportProcessor(
    BaseExporter<Activity> exporter, string module, bool ownsProcess, IReadOnlyCollection<string> modules)
    : BatchActivityExportProcessor(exporter)
{
    public override void OnEnd(Activity data)
    {
        var owner = ModuleAttribution.Of(data, modules);
        if (owner == module || (owner is null && ownsProcess))
        {
            base.OnEnd(data);
        }
    }
}
