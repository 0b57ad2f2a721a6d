using System.Text.Json.Nodes;
using Atrium.Chassis.Errors;

namespace Atrium.Gateway.Aggregation;

/// <summary>How one part of an aggregate went: its JSON, or the stable code of its failure.</summary>
internal readonly record struct PartOutcome(JsonNode? Value, ErrorCode? Error);
