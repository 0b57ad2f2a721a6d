using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// Wait before each retry (<c>routes[i].retry.backoff</c>): exponential from <see cref="Base"/> (base, 2×base, 4×base…)
/// capped at <see cref="Max"/>, with jitter taking the wait anywhere between half and all of it.
/// </summary>
public sealed class RetryBackoffConfig : IValidatableConfig
{
    /// <summary>The first retry's wait. Default 25 ms.</summary>
    [DurationRange("00:00:00", "00:01:00")]
    public TimeSpan Base { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>The longest wait. Default 250 ms.</summary>
    [DurationRange("00:00:00", "00:01:00")]
    public TimeSpan Max { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Max < Base)
        {
            context.AddError("max", "must not be shorter than base");
        }
    }
}
