using Atrium.Chassis.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Configuration;

/// <summary>Header changes, applied in the order remove, set, append.</summary>
public sealed class HeaderTransformsConfig : IValidatableConfig
{
    /// <summary>Headers to remove. Default none.</summary>
    public List<string> Remove { get; set; } = [];

    /// <summary>Headers to set, replacing any value. Default none.</summary>
    public Dictionary<string, string> Set { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Headers to add a value to. Default none.</summary>
    public Dictionary<string, string> Append { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var name in Set.Keys.Concat(Append.Keys))
        {
            if (HopByHopHeaders.Contains(name))
            {
                context.AddError(Set.ContainsKey(name) ? $"set.{name}" : $"append.{name}", $"'{name}' is a hop-by-hop header and cannot be set");
            }
        }
    }
}
