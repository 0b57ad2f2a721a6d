using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// An <see cref="IMeterFactory"/> shared by every web application in the process: one meter per
/// name, version and tags, which ignores disposal (<see cref="ProcessLifetimeMeter"/>).
/// </summary>
/// <remarks>
/// With per-application factories each application gets its own "Microsoft.AspNetCore.Hosting" meter.
/// OpenTelemetry 1.20.1 folds same-named meters into one metric stream and drops that whole stream as soon
/// as one of the meters is disposed, so stopping one application would silently remove the others' HTTP
/// metrics (ASP.NET Core's <c>HostingMetrics</c> disposes its meter with the container). Sharing
/// meters that outlive the containers avoids that, and the applications' series are summed.
/// </remarks>
internal sealed class SharedMeterFactory : IMeterFactory
{
    private readonly ConcurrentDictionary<string, Meter> _meters = new(StringComparer.Ordinal);

    private SharedMeterFactory()
    {
    }

    public static SharedMeterFactory Instance { get; } = new();

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tags = options.Tags?.OrderBy(t => t.Key, StringComparer.Ordinal).ToList() ?? [];
        var key = string.Join('\u0001', [options.Name, options.Version ?? string.Empty, .. tags.Select(t => t.Key + '\u0000' + t.Value)]);
        return _meters.GetOrAdd(key, _ => new ProcessLifetimeMeter(new MeterOptions(options.Name)
        {
            Version = options.Version,
            Tags = tags,
            Scope = this,
        }));
    }

    // Meters outlive any one container that resolves this factory; the process exit reclaims them.
    public void Dispose()
    {
    }
}
