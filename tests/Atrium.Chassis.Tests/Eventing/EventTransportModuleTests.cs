using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atrium.Chassis.Tests.Eventing;

public sealed class EventTransportModuleTests
{
    [Fact]
    public void Init_InProcess_StartsNothingAndModulesShareTheInProcessTransport()
    {
        var context = CreateContext("eventing: { transport: inProcess }");

        EventTransportModule.Init(context).ShouldBeNull();

        context.GetEventTransport().ShouldBeOfType<InProcessEventTransport>();
    }

    [Fact]
    public async Task Init_RabbitMq_EveryModuleSharesOneTransportConnectedAtStart()
    {
        var broker = await RabbitMqServer.Shared;
        var context = CreateContext($"eventing:\n  transport: rabbitmq\n  rabbitmq: {{ uri: \"{broker.NewVirtualHost().Uri}\" }}");

        var service = EventTransportModule.Init(context).ShouldNotBeNull();
        await service.StartAsync(CancellationToken.None);

        var transport = context.GetEventTransport().ShouldBeOfType<RabbitMqEventTransport>();
        context.GetEventTransport().ShouldBeSameAs(transport);
        transport.IsConnected.ShouldBeTrue();
        transport.Describe().ShouldStartWith("connected to 127.0.0.1:");
        await service.StopAsync(CancellationToken.None);
        transport.IsConnected.ShouldBeFalse();
    }

    [Fact]
    public void AddEventing_TwoContextsOfAModuleOnABrokerTransport_OneBrokerReadinessCheck()
    {
        var context = ServiceHost.CreateContext();
        context.UseRabbitMqEventTransport(new RabbitMqOptions(), []);
        var services = new ServiceCollection();

        services.AddEventSubscriptions<TestDb>(context);
        services.AddEventing<OtherDb>(context);

        using var provider = services.BuildServiceProvider();
        var checks = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        checks.Where(c => c.Name == BrokerHealthCheck.Name).ShouldHaveSingleItem();
    }

    [Fact]
    public void AddEventing_InProcessTransport_NoBrokerReadinessCheck()
    {
        var services = new ServiceCollection();
        // As every module's web host has them.
        services.AddOptions().AddHealthChecks();

        services.AddEventing<TestDb>(ServiceHost.CreateContext());

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.ShouldNotContain(c => c.Name == BrokerHealthCheck.Name);
    }

    private static ModuleContext CreateContext(string yaml)
    {
        var schema = new ConfigSchema().Add<EventingOptions>(EventingOptions.Section);
        var loaded = ConfigLoader.Load(yaml, "test.yaml", schema);
        loaded.Errors.ShouldBeEmpty();
        var context = ServiceHost.CreateContext();
        context.Share(new ConfigStore(loaded.Config!, schema, NullLogger<ConfigStore>.Instance, TimeProvider.System));
        return context;
    }

    /// <summary>A second context of the same module, as ordering has its read model's.</summary>
    private sealed class OtherDb(Microsoft.EntityFrameworkCore.DbContextOptions<OtherDb> options) : Microsoft.EntityFrameworkCore.DbContext(options);
}
