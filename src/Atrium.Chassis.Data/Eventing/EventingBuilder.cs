using Atrium.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Subscribes a module's handlers, each behind the inbox of <typeparamref name="TContext"/>.</summary>
/// <typeparam name="TContext">The module's <see cref="DbContext"/>; its model calls <c>AddOutbox()</c> and <c>AddInbox()</c>.</typeparam>
public sealed class EventingBuilder<TContext>
    where TContext : DbContext
{
    private readonly IServiceCollection _services;
    private readonly SubscriptionRegistry<TContext> _registry;
    private readonly IEventTypeRegistry _eventTypes;

    internal EventingBuilder(IServiceCollection services, SubscriptionRegistry<TContext> registry, IEventTypeRegistry eventTypes)
    {
        _services = services;
        _registry = registry;
        _eventTypes = eventTypes;
    }

    /// <summary>The module's services.</summary>
    public IServiceCollection Services => _services;

    /// <summary>
    /// Delivers every <typeparamref name="TEvent"/> to <typeparamref name="THandler"/> (registered scoped) under the
    /// subscription <paramref name="subscription"/>. The name is the queue and the inbox key: keep it stable and unique
    /// per handler (<c>ordering.read-model.order-placed</c>); renaming it starts a new queue and a fresh inbox.
    /// </summary>
    /// <exception cref="InvalidOperationException">The subscription name is taken or the event type has no name.</exception>
    public EventingBuilder<TContext> Subscribe<TEvent, THandler>(string subscription)
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        _services.TryAddScoped<THandler>();
        _registry.Add(new SubscriptionRegistration(_eventTypes.NameOf(typeof(TEvent)), subscription, provider =>
        {
            var consumer = new InboxConsumer<TContext, TEvent, THandler>(
                subscription,
                _eventTypes,
                provider.GetRequiredService<IServiceScopeFactory>(),
                provider.GetRequiredService<EventingMetrics>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger("Atrium.Eventing.Inbox"));
            return (consumer.HandleAsync, consumer.HandleBatchAsync);
        }));
        return this;
    }
}
