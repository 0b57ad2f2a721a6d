using Atrium.Chassis.Modularity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Eventing;

/// <summary>Wires a module's outbox relay and event subscriptions.</summary>
public static class EventingServiceCollectionExtensions
{
    /// <summary>
    /// Runs the outbox relay of <typeparamref name="TContext"/> with the module and returns a builder to subscribe
    /// handlers. Events go through the process's shared <see cref="IEventTransport"/> (the in-process one unless another
    /// was shared first). <typeparamref name="TContext"/> must be registered with <c>AddDbContext</c> (before or after
    /// this call) and its model must call <c>AddOutbox()</c> and <c>AddInbox()</c>.
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

        var transport = context.GetEventTransport();
        services.TryAddSingleton(context.TimeProvider);
        services.TryAddSingleton(transport);
        services.TryAddSingleton(context.GetOrShare(() => new EventingMetrics()));

        var registry = new SubscriptionRegistry<TContext>();
        services.AddSingleton(registry);
        services.AddSingleton<OutboxSignal<TContext>>();
        services.AddSingleton<OutboxNudgeInterceptor<TContext>>();
        services.ConfigureDbContext<TContext>((provider, builder) => builder.AddInterceptors(provider.GetRequiredService<OutboxNudgeInterceptor<TContext>>()));

        // Consumers start before the relay and stop after it (hosted services stop in reverse order).
        services.AddHostedService(provider => new EventSubscriptionService<TContext>(registry, provider.GetRequiredService<IEventTransport>(), provider));
        services.AddHostedService(provider => new OutboxRelay<TContext>(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<IEventTransport>(),
            provider.GetRequiredService<OutboxSignal<TContext>>(),
            options,
            provider.GetRequiredService<EventingMetrics>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OutboxRelay<TContext>>>()));
        return new EventingBuilder<TContext>(services, registry);
    }
}
