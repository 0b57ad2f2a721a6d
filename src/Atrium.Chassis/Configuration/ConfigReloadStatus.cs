namespace Atrium.Chassis.Configuration;

/// <summary>What happened on the most recent load or reload attempt, for health and admin endpoints.</summary>
/// <param name="AttemptedAt">When the attempt was made, from the store's <see cref="TimeProvider"/>.</param>
/// <param name="Succeeded">Whether it succeeded.</param>
/// <param name="Errors">Every error of a failed attempt; empty on success.</param>
/// <param name="Trigger">What caused it: <c>"startup"</c>, <c>"file"</c> (watcher or poll), <c>"etcd"</c> (the config center's watch) or <c>"api"</c> (<see cref="ConfigStore.Reload"/>).</param>
public sealed record ConfigReloadStatus(DateTimeOffset AttemptedAt, bool Succeeded, IReadOnlyList<ConfigError> Errors, string Trigger)
{
    /// <summary>The key paths a successful reload applied (see <see cref="ConfigReloadResult.ChangedKeys"/>).</summary>
    public IReadOnlyList<string> ChangedKeys { get; init; } = [];

    /// <summary>The key paths a successful reload found changed but kept until restart.</summary>
    public IReadOnlyList<string> RestartRequiredKeys { get; init; } = [];
}
