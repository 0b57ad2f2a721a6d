namespace Atrium.Gateway.Configuration;

/// <summary>Header changes, applied in the order remove, set, append.</summary>
public sealed class HeaderTransformsConfig
{
    /// <summary>Headers to remove. Default none.</summary>
    public List<string> Remove { get; set; } = [];

    /// <summary>Headers to set, replacing any value. Default none.</summary>
    public Dictionary<string, string> Set { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Headers to add a value to. Default none.</summary>
    public Dictionary<string, string> Append { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
