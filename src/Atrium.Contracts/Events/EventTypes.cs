using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Atrium.Contracts.Events;

/// <summary>
/// The stable name of every integration event: what outbox rows, inbox rows and the transport (as the topic) carry.
/// Names never change once shipped, so a CLR type can be renamed or moved freely; a breaking change to a payload is
/// a new name (<c>.v2</c>) and a new record.
/// </summary>
public static class EventTypes
{
    /// <summary>The name of <see cref="Events.UserRegistered"/>.</summary>
    public const string UserRegistered = "identity.user-registered.v1";

    /// <summary>The name of <see cref="Events.OrderPlaced"/>.</summary>
    public const string OrderPlaced = "ordering.order-placed.v1";

    /// <summary>The name of <see cref="Events.OrderConfirmed"/>.</summary>
    public const string OrderConfirmed = "ordering.order-confirmed.v1";

    /// <summary>The name of <see cref="Events.OrderCancelled"/>.</summary>
    public const string OrderCancelled = "ordering.order-cancelled.v1";

    private static readonly FrozenDictionary<Type, string> NamesByType = new Dictionary<Type, string>
    {
        [typeof(UserRegistered)] = UserRegistered,
        [typeof(OrderPlaced)] = OrderPlaced,
        [typeof(OrderConfirmed)] = OrderConfirmed,
        [typeof(OrderCancelled)] = OrderCancelled,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> TypesByName =
        NamesByType.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every registered event type by its name.</summary>
    public static IReadOnlyDictionary<string, Type> All => TypesByName;

    /// <summary>The stable name of <typeparamref name="TEvent"/>.</summary>
    /// <exception cref="InvalidOperationException">The type is not registered.</exception>
    public static string NameOf<TEvent>()
        where TEvent : IntegrationEvent => NameOf(typeof(TEvent));

    /// <summary>The stable name of <paramref name="eventType"/>.</summary>
    /// <exception cref="InvalidOperationException">The type is not registered.</exception>
    public static string NameOf(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return NamesByType.TryGetValue(eventType, out var name)
            ? name
            : throw new InvalidOperationException($"{eventType.FullName} has no name in {nameof(EventTypes)}; register it there and in {nameof(IntegrationEventJsonContext)}.");
    }

    /// <summary>Finds the event type registered under <paramref name="name"/>.</summary>
    public static bool TryGetType(string name, [NotNullWhen(true)] out Type? eventType) =>
        TypesByName.TryGetValue(name, out eventType);

    /// <summary>Serializes <paramref name="event"/> as its concrete type to UTF-8 JSON.</summary>
    public static byte[] Serialize(IntegrationEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return JsonSerializer.SerializeToUtf8Bytes(@event, TypeInfo(@event.GetType()));
    }

    /// <summary>Deserializes a payload stored or sent under the event name <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">The name is unknown.</exception>
    /// <exception cref="JsonException">The payload is not valid for the type.</exception>
    public static IntegrationEvent Deserialize(string name, ReadOnlySpan<byte> payload)
    {
        if (!TryGetType(name, out var type))
        {
            throw new InvalidOperationException($"Unknown event type '{name}'.");
        }

        return (IntegrationEvent?)JsonSerializer.Deserialize(payload, TypeInfo(type))
            ?? throw new JsonException($"The payload of a '{name}' event is null.");
    }

    private static JsonTypeInfo TypeInfo(Type type) =>
        IntegrationEventJsonContext.Default.GetTypeInfo(type)
            ?? throw new InvalidOperationException($"{type.FullName} is missing from {nameof(IntegrationEventJsonContext)}.");
}
