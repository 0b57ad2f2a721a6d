using Atrium.Chassis.Modularity;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>Starts the shared RabbitMQ transport with the process and closes its connection when the process stops.</summary>
internal sealed class RabbitMqTransportService(RabbitMqEventTransport transport) : IModuleService
{
    public Task StartAsync(CancellationToken cancellationToken) => transport.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => transport.DisposeAsync().AsTask();
}
