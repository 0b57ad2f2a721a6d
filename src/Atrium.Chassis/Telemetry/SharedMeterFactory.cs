using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// An <see cref="IMeterFactory"/> shared by every web application of a module in the process: one meter per
/// name, version and tags, which ignores disposal (<see cref="ProcessLifetimeMeter"/>), tagged with the module
/// (<see cref="ModuleAttribution.Key"/>) so that its series go to that module's <c>/metrics</c> and resource.
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
    private static readonly ConcurrentDictionary<string, SharedMeterFactory> Factories = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Meter> _meters = new(StringComparer.Ordinal);
    private readonly string? _module;

    private SharedMeterFactory(string? module)
    {
        _module = module;
    }

    /// <summary>Gets the factory of meters that belong to no module in particular.</summary>
    public static SharedMeterFactory Instance { get; } = new(null);

    /// <summary>The factory whose meters belong to <paramref name="module"/>; <see cref="Instance"/> for <see langword="null"/>.</summary>
    public static SharedMeterFactory For(string? module) =>
        module is null ? Instance : Factories.GetOrAdd(module, name => new SharedMeterFactory(name));

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tags = options.Tags?.OrderBy(t => t.Key, StringComparer.Ordinal).ToList() ?? [];
        if (_module is not null)
        {
            tags.Add(new(ModuleAttribution.Key, _module));
        }

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
