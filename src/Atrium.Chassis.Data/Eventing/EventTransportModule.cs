using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Modularity;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// The internal module that chooses the process's event transport from <c>eventing.transport</c>, before the first
/// module that publishes or consumes events initializes. For <c>rabbitmq</c> it shares one
/// <see cref="RabbitMqEventTransport"/> for every module of the process, connects when it starts (waiting for the first
/// attempt only: an unreachable broker is retried in the background and reported by <c>/readyz</c>) and closes the
/// connection when it stops, after the modules that use it. For <c>inProcess</c> it does nothing: the modules share
/// the in-process transport on first use, as they always did.
/// </summary>
public static class EventTransportModule
{
    /// <summary>Wires the transport for <see cref="ModuleInit"/>; null when there is nothing to start.</summary>
    public static IModuleService? Init(ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Get<ConfigStore>().Current.Get<EventingOptions>(EventingOptions.Section);
        return options.Transport == EventTransportKind.RabbitMq
            ? new RabbitMqTransportService(context.UseRabbitMqEventTransport(options.Rabbitmq, context.Get<IEventTypeRegistry>().Subscriptions))
            : null;
    }
}
