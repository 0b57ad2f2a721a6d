using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// Fault injection for resilience drills (<c>gateway.routes[i].faults</c>); off unless set. A request may be both
/// delayed and then aborted.
/// </summary>
public sealed class FaultsConfig : IValidatableConfig
{
    /// <summary>Delay some requests. Default none.</summary>
    public FaultDelayConfig? Delay { get; set; }

    /// <summary>Answer some requests with an error. Default none.</summary>
    public FaultAbortConfig? Abort { get; set; }

    /// <summary>Inject only into requests carrying this header (any value). Default none: every request qualifies.</summary>
    public string OnlyWithHeader { get; set; } = "";

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Delay is null && Abort is null)
        {
            context.AddError("", "set delay, abort or both");
        }
    }
}
