using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Modularity;
using Atrium.Contracts.Events;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Chooses the process's event transport, shared by all its modules.</summary>
internal static class EventingModuleContextExtensions
{
    /// <summary>
    /// The transport shared by the modules of this process: whatever was shared as <see cref="IEventTransport"/>
    /// first (a broker transport, shared before the first module initializes), else the in-process transport with
    /// default <see cref="InProcessTransportOptions"/>.
    /// </summary>
    public static IEventTransport GetEventTransport(this ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metrics = context.GetOrShare(() => new EventingMetrics());
        return context.GetOrShare<IEventTransport>(() => new InProcessEventTransport(new InProcessTransportOptions(), metrics, context.LoggerFactory, context.TimeProvider));
    }

    /// <summary>Shares an in-process transport with <paramref name="options"/>; call before the first module initializes.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A transport is already shared.</exception>
    public static IEventTransport UseInProcessEventTransport(this ModuleContext context, InProcessTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metrics = context.GetOrShare(() => new EventingMetrics());
        var transport = new InProcessEventTransport(options, metrics, context.LoggerFactory, context.TimeProvider);
        context.Share<IEventTransport>(transport);
        return transport;
    }

    /// <summary>
    /// Shares a RabbitMQ transport with <paramref name="options"/>; call before the first module initializes, then
    /// start it (it connects in the background) and dispose it after the last module stopped. It declares the queues of
    /// <paramref name="system"/> on every connection (<see cref="IEventTypeRegistry.Subscriptions"/> in a real process).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (every error listed).</exception>
    /// <exception cref="InvalidOperationException">A transport is already shared.</exception>
    internal static RabbitMqEventTransport UseRabbitMqEventTransport(
        this ModuleContext context, RabbitMqOptions options, IReadOnlyCollection<EventSubscription> system)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metrics = context.GetOrShare(() => new EventingMetrics());
        var transport = new RabbitMqEventTransport(options, system, metrics, context.LoggerFactory, context.TimeProvider);
        context.Share<IEventTransport>(transport);
        return transport;
    }
}
