using Microsoft.Extensions.Hosting;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Starts the consumers of a module's subscriptions with the module and stops them with it, draining what is queued
/// until the host's shutdown timeout.
/// </summary>
internal sealed class EventSubscriptionService<TContext>(
    SubscriptionRegistry<TContext> registry,
    IEventTransport transport,
    IServiceProvider services) : IHostedService
{
    private readonly List<IEventSubscription> _running = [];

    public IReadOnlyList<IEventSubscription> Running => _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var registration in registry.Items)
            {
                var (one, batch) = registration.CreateHandlers(services);
                _running.Add(await transport.SubscribeAsync(registration.Topic, registration.Subscription, one, batch, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_running.Select(s => s.StopAsync(cancellationToken))).ConfigureAwait(false);
        foreach (var subscription in _running)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        _running.Clear();
    }
}
