using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Atrium.Contracts.Events;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// An <see cref="IEventTypeRegistry"/> over a table of event types by name and a source-generated JSON context, as
/// <c>Atrium.Contracts</c> provides them (<c>EventTypes.All</c>, <c>IntegrationEventJsonContext.Default</c>,
/// <c>EventSubscriptions.All</c>).
/// </summary>
public sealed class EventTypeRegistry : IEventTypeRegistry
{
    private readonly FrozenDictionary<string, Type> _typesByName;
    private readonly FrozenDictionary<Type, string> _namesByType;
    private readonly JsonSerializerContext _json;

    /// <summary>Creates the registry.</summary>
    /// <param name="typesByName">Every event type by its stable name.</param>
    /// <param name="json">Serializes every one of them, with its own options (source-generated, so trimming and AOT keep working).</param>
    /// <param name="subscriptions">Every subscription of the system.</param>
    public EventTypeRegistry(IReadOnlyDictionary<string, Type> typesByName, JsonSerializerContext json, IReadOnlyCollection<EventSubscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(typesByName);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(subscriptions);
        _typesByName = typesByName.ToFrozenDictionary(StringComparer.Ordinal);
        _namesByType = typesByName.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);
        _json = json;
        Subscriptions = subscriptions;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<EventSubscription> Subscriptions { get; }

    /// <inheritdoc />
    public string NameOf(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return _namesByType.TryGetValue(eventType, out var name)
            ? name
            : throw new InvalidOperationException($"{eventType.FullName} has no name in the event type registry; register it with its serializer.");
    }

    /// <inheritdoc />
    public byte[] Serialize(IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return JsonSerializer.SerializeToUtf8Bytes(integrationEvent, TypeInfo(integrationEvent.GetType()));
    }

    /// <inheritdoc />
    public IntegrationEvent Deserialize(string name, ReadOnlySpan<byte> payload)
    {
        if (!_typesByName.TryGetValue(name, out var type))
        {
            throw new InvalidOperationException($"Unknown event type '{name}'.");
        }

        return (IntegrationEvent?)JsonSerializer.Deserialize(payload, TypeInfo(type))
            ?? throw new JsonException($"The payload of a '{name}' event is null.");
    }

    private JsonTypeInfo TypeInfo(Type type) =>
        _json.GetTypeInfo(type)
            ?? throw new InvalidOperationException($"{type.FullName} has no serializer in the event type registry.");
}
