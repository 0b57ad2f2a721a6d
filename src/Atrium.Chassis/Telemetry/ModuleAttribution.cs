using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Which module of the process a meter or a span belongs to, so that each module's telemetry carries its own
/// <c>service.name</c> and each module's <c>/metrics</c> serves only its own series.
/// </summary>
/// <remarks>
/// A meter belongs to the module whose container created it (the <c>atrium.module</c> meter tag that
/// <see cref="SharedMeterFactory.For"/> adds), else to the module its name starts with (<c>Atrium.Ordering</c>). A span
/// belongs to the module whose request it is part of (<see cref="Mark"/> on the server span), else to the module its
/// source is named after. What belongs to none (the runtime, static meters, spans outside any request) belongs to
/// the process and is reported once, by its first module.
/// </remarks>
internal static class ModuleAttribution
{
    /// <summary>The meter tag and span property that name the module.</summary>
    public const string Key = "atrium.module";

    public static void Mark(Activity? activity, string module) => activity?.SetCustomProperty(Key, module);

    public static string? Of(Meter meter, IReadOnlyCollection<string> modules)
    {
        foreach (var tag in meter.Tags ?? [])
        {
            if (tag.Key == Key && tag.Value is string module && modules.Contains(module))
            {
                return module;
            }
        }

        return ByName(meter.Name, modules);
    }

    public static string? Of(Activity activity, IReadOnlyCollection<string> modules)
    {
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.GetCustomProperty(Key) is string module && modules.Contains(module))
            {
                return module;
            }

            if (ByName(current.Source.Name, modules) is { } named)
            {
                return named;
            }
        }

        return null;
    }

    private static string? ByName(string name, IReadOnlyCollection<string> modules)
    {
        const string Prefix = "Atrium.";
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = name.IndexOf('.', Prefix.Length);
        var module = name[Prefix.Length..(end < 0 ? name.Length : end)].ToLowerInvariant();
        return modules.Contains(module) ? module : null;
    }
}
