using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Chassis.Tests.Eventing;

public sealed class EventTypeRegistryTests
{
    [Fact]
    public void Serialize_ContractEvent_WritesWhatContractsWrite()
    {
        // Rows written before the registry was injected must read the same, and other processes must agree on the wire.
        var placed = new OrderPlaced(Guid.NewGuid(), Guid.NewGuid(), [new OrderLine(Guid.NewGuid(), 2, new Money(1250, "EUR"))], new Money(2500, "EUR"))
        {
            OccurredAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };

        var bytes = SharedEventTypes.Instance.Serialize(placed);

        bytes.ShouldBe(EventTypes.Serialize(placed));
        SharedEventTypes.Instance.NameOf(typeof(OrderPlaced)).ShouldBe(EventTypes.OrderPlaced);
        var back = (OrderPlaced)SharedEventTypes.Instance.Deserialize(EventTypes.OrderPlaced, bytes);
        back.Id.ShouldBe(placed.Id);
        EventTypes.Serialize(back).ShouldBe(bytes);
    }

    [Fact]
    public void NameOf_UnregisteredType_ThrowsNamingIt()
    {
        var registry = new EventTypeRegistry(new Dictionary<string, Type>(), IntegrationEventJsonContext.Default, []);

        Should.Throw<InvalidOperationException>(() => registry.NameOf(typeof(OrderPlaced)))
            .Message.ShouldContain(typeof(OrderPlaced).FullName!);
    }

    [Fact]
    public void Outbox_ContextWithoutServices_ThrowsNamingTheRegistry()
    {
        using var db = new TestDb(new DbContextOptionsBuilder<TestDb>().UseSqlite("Data Source=:memory:").Options);

        Should.Throw<InvalidOperationException>(() => db.Outbox()).Message.ShouldContain(nameof(IEventTypeRegistry));
        db.Outbox(SharedEventTypes.Instance).Add(ServiceHost.NewUser()).Type.ShouldBe(EventTypes.UserRegistered);
    }

    [Fact]
    public void AddEventing_NoRegistryShared_ThrowsNamingIt()
    {
        var context = new ModuleContext(["tests"], NullLoggerFactory.Instance, TimeProvider.System, TimeSpan.FromSeconds(5));

        Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddEventing<TestDb>(context))
            .Message.ShouldContain(nameof(IEventTypeRegistry));
    }
}
