namespace Atrium.Chassis.Modularity;

/// <summary>Several units that start in order and stop in reverse, as one module (e.g. an admin and a public host).</summary>
public sealed class CompositeModuleService(IReadOnlyList<IModuleService> services) : IModuleService
{
    private int _started;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        for (; _started < services.Count; _started++)
        {
            await services[_started].StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        for (; _started > 0; _started--)
        {
            await services[_started - 1].StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
