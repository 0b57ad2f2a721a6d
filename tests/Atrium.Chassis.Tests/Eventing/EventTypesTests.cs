using Atrium.Contracts.Events;

namespace Atrium.Chassis.Tests.Eventing;

public sealed class EventTypesTests
{
    [Fact]
    public void All_ShippedNames_NeverChange()
    {
        EventTypes.All.Keys.Order(StringComparer.Ordinal).ShouldBe(
        [
            "identity.user-registered.v1",
            "ordering.order-cancelled.v1",
            "ordering.order-confirmed.v1",
            "ordering.order-placed.v1",
        ]);
        EventTypes.NameOf<OrderPlaced>().ShouldBe("ordering.order-placed.v1");
    }

    [Fact]
    public void SerializeDeserialize_OrderPlaced_RoundTripsWithIdAndTimestamp()
    {
        var placed = new OrderPlaced(
            Guid.NewGuid(),
            Guid.NewGuid(),
            [new OrderLine(Guid.NewGuid(), 2, new Money(1250, "EUR"))],
            new Money(2500, "EUR"))
        { OccurredAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero) };

        var back = (OrderPlaced)EventTypes.Deserialize(EventTypes.OrderPlaced, EventTypes.Serialize(placed));

        back.Id.ShouldBe(placed.Id);
        back.OccurredAt.ShouldBe(placed.OccurredAt);
        back.Total.ShouldBe(placed.Total);
        back.Lines.ShouldBe(placed.Lines);
    }

    [Fact]
    public void Serialize_EveryRegisteredType_HasJsonMetadata()
    {
        foreach (var type in EventTypes.All.Values)
        {
            IntegrationEventJsonContext.Default.GetTypeInfo(type).ShouldNotBeNull(type.Name);
        }
    }

    [Fact]
    public void Deserialize_UnknownName_Throws()
    {
        Should.Throw<InvalidOperationException>(() => EventTypes.Deserialize("nope.v1", "{}"u8))
            .Message.ShouldBe("Unknown event type 'nope.v1'.");
    }
}
