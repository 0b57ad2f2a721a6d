using Atrium.Chassis.Modularity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Wires a module's outbox relay and event subscriptions.</summary>
public static class EventingServiceCollectionExtensions
{
    /// <summary>
    /// Runs the outbox relay of <typeparamref name="TContext"/> with the module and returns a builder to subscribe
    /// handlers. Events go through the process's shared <see cref="IEventTransport"/> (the in-process one unless another
    /// was shared first). <typeparamref name="TContext"/> must be registered with <c>AddDbContext</c> (before or after
    /// this call) and its model must call <c>AddOutbox()</c>, and <c>AddInbox()</c> when handlers are subscribed on it.
    /// </summary>
    /// <param name="services">The module's services.</param>
    /// <param name="context">The module context, which shares the transport between the modules of the process.</param>
    /// <param name="configure">Adjusts the relay's <see cref="OutboxOptions"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid (every error listed).</exception>
    /// <exception cref="InvalidOperationException">Eventing is already added for <typeparamref name="TContext"/>.</exception>
    public static EventingBuilder<TContext> AddEventing<TContext>(this IServiceCollection services, ModuleContext context, Action<OutboxOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        if (services.Any(d => d.ServiceType == typeof(OutboxSignal<TContext>)))
        {
            throw new InvalidOperationException($"Eventing is already added for {typeof(TContext).Name}.");
        }

        var options = new OutboxOptions();
        configure?.Invoke(options);
        options.Validate();

        // Consumers start before the relay and stop after it (hosted services stop in reverse order).
        var subscriptions = services.AddEventSubscriptions<TContext>(context);
        services.AddSingleton<OutboxSignal<TContext>>();
        services.AddSingleton<OutboxNudgeInterceptor<TContext>>();
        services.ConfigureDbContext<TContext>((provider, builder) => builder.AddInterceptors(provider.GetRequiredService<OutboxNudgeInterceptor<TContext>>()));

        services.AddHostedService(provider => new OutboxRelay<TContext>(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<IEventTransport>(),
            provider.GetRequiredService<OutboxSignal<TContext>>(),
            options,
            provider.GetRequiredService<EventingMetrics>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OutboxRelay<TContext>>>()));
        return subscriptions;
    }

    /// <summary>
    /// Subscribes handlers whose inbox lives in <typeparamref name="TContext"/>, without an outbox relay: for a context
    /// that only consumes, such as a read model kept in a database of its own. Events come from the process's shared
    /// <see cref="IEventTransport"/>. The model of <typeparamref name="TContext"/> must call <c>AddInbox()</c>. Add it
    /// before the relays of the module, so that its consumers start first and stop last. Through a broker transport,
    /// the module's readiness gains a <c>broker</c> check (once, however many contexts subscribe).
    /// </summary>
    /// <exception cref="InvalidOperationException">Subscriptions are already added for <typeparamref name="TContext"/>.</exception>
    public static EventingBuilder<TContext> AddEventSubscriptions<TContext>(this IServiceCollection services, ModuleContext context)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        if (services.Any(d => d.ServiceType == typeof(SubscriptionRegistry<TContext>)))
        {
            throw new InvalidOperationException($"Event subscriptions are already added for {typeof(TContext).Name}.");
        }

        var eventTypes = context.Get<IEventTypeRegistry>();
        services.TryAddSingleton(eventTypes);
        services.TryAddSingleton(context.TimeProvider);
        var transport = context.GetEventTransport();
        services.TryAddSingleton(transport);
        if (transport is IBrokerStatus broker && !services.Any(d => d.ServiceType == typeof(BrokerHealthCheck)))
        {
            var check = new BrokerHealthCheck(broker);
            services.AddSingleton(check);
            services.AddHealthChecks().AddCheck(BrokerHealthCheck.Name, check);
        }

        services.TryAddSingleton(context.GetOrShare(() => new EventingMetrics()));
        var registry = new SubscriptionRegistry<TContext>();
        services.AddSingleton(registry);
        services.AddHostedService(provider => new EventSubscriptionService<TContext>(registry, provider.GetRequiredService<IEventTransport>(), provider));
        return new EventingBuilder<TContext>(services, registry, eventTypes);
    }
}
