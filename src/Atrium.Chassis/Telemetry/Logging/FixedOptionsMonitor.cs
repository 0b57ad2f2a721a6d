using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>
/// Options that never change, for loggers built without a service provider (<see cref="ConsoleLoggerFactory"/>): the
/// options machinery's own monitor needs factories, caches and change-token sources that nothing here uses.
/// </summary>
internal sealed class FixedOptionsMonitor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(TOptions value) : IOptionsMonitor<TOptions>
{
    public TOptions CurrentValue { get; } = value;

    public TOptions Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<TOptions, string?> listener) => null;
}
