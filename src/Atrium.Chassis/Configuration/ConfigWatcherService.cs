using Atrium.Chassis.Modularity;

namespace Atrium.Chassis.Configuration;

/// <summary>Runs the config file watcher for the lifetime of the process's modules.</summary>
public sealed class ConfigWatcherService(ConfigStore store) : IModuleService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.StartWatching();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.StopWatching();
        return Task.CompletedTask;
    }
}
