using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>How a cluster picks an endpoint for each request (<c>gateway.clusters.NAME.loadBalancing</c>).</summary>
public sealed class LoadBalancingConfig : IValidatableConfig
{
    /// <summary>
    /// <c>powerOfTwoChoices</c>, <c>roundRobin</c>, <c>random</c>, <c>leastRequests</c> or <c>consistentHash</c>.
    /// Default <c>powerOfTwoChoices</c>.
    /// </summary>
    public string Policy { get; set; } = LoadBalancingPolicies.PowerOfTwoChoices;

    /// <summary>
    /// For <c>consistentHash</c>: <c>header</c>, <c>cookie</c> or <c>clientIp</c>. Default <c>clientIp</c>. Requests
    /// without the key are balanced by power-of-two-choices.
    /// </summary>
    public string HashOn { get; set; } = "";

    /// <summary>For <c>consistentHash</c> on a header or cookie: its name. Required then; default none.</summary>
    public string HashKey { get; set; } = "";

    /// <summary>The effective hash source: <see cref="HashOn"/>, or <c>clientIp</c> when unset.</summary>
    internal string EffectiveHashOn => HashOn.Length == 0 ? Configuration.HashOn.ClientIp : HashOn;

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Array.IndexOf(LoadBalancingPolicies.All, Policy) < 0)
        {
            context.AddError("policy", $"unknown policy '{Policy}'; use one of {string.Join(", ", LoadBalancingPolicies.All)}");
            return;
        }

        if (Policy != LoadBalancingPolicies.ConsistentHash)
        {
            if (HashOn.Length > 0 || HashKey.Length > 0)
            {
                context.AddError("", "hashOn and hashKey apply only to policy consistentHash");
            }

            return;
        }

        if (HashOn.Length > 0 && Array.IndexOf(Configuration.HashOn.All, HashOn) < 0)
        {
            context.AddError("hashOn", $"unknown hash source '{HashOn}'; use one of {string.Join(", ", Configuration.HashOn.All)}");
        }
        else if (EffectiveHashOn is Configuration.HashOn.Header or Configuration.HashOn.Cookie && HashKey.Length == 0)
        {
            context.AddError("hashKey", $"hashOn {HashOn} needs hashKey: the {HashOn} name");
        }
        else if (EffectiveHashOn == Configuration.HashOn.ClientIp && HashKey.Length > 0)
        {
            context.AddError("hashKey", "hashKey does not apply to hashOn clientIp");
        }
    }
}
