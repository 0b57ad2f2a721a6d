using System.Text.Json.Nodes;
using Atrium.Chassis.Errors;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Traffic;

/// <summary>A route's compiled <c>faults</c>.</summary>
internal sealed class FaultPolicy(FaultsConfig config) : IRoutePolicy
{
    public FaultsConfig Config { get; } = config;

    public string? OnlyWithHeader { get; } = config.OnlyWithHeader.Length > 0 ? config.OnlyWithHeader : null;

    /// <summary>The error answered by an abort; validation allows only statuses with their own code.</summary>
    public ErrorCode? AbortCode { get; } = config.Abort is { } abort ? ErrorCodes.ForHttpStatus(abort.Status) : null;

    public static bool Roll(double percent) => percent >= 100 || (percent > 0 && Random.Shared.NextDouble() * 100 < percent);

    /// <inheritdoc />
    public string Name => "faults";

    /// <inheritdoc />
    public JsonNode Describe() => new JsonObject
    {
        ["delay"] = Config.Delay is { } d ? new JsonObject { ["durationMs"] = d.Duration.TotalMilliseconds, ["percent"] = d.Percent } : null,
        ["abort"] = Config.Abort is { } a ? new JsonObject { ["status"] = a.Status, ["percent"] = a.Percent } : null,
        ["onlyWithHeader"] = OnlyWithHeader,
    };
}
