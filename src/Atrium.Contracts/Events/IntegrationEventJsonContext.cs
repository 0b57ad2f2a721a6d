using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atrium.Contracts.Events;

/// <summary>
/// Source-generated JSON metadata for every integration event (camelCase, AOT-friendly). Add each new event here
/// and to <see cref="EventTypes"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UserRegistered))]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderConfirmed))]
[JsonSerializable(typeof(OrderCancelled))]
public sealed partial class IntegrationEventJsonContext : JsonSerializerContext;
