namespace Atrium.Gateway.Configuration;

/// <summary>Whether the upstream HTTP version is exact or may differ (maps to <see cref="System.Net.Http.HttpVersionPolicy"/>).</summary>
public enum UpstreamVersionPolicy
{
    /// <summary>Only the configured version.</summary>
    Exact,

    /// <summary>The configured version or a lower one.</summary>
    OrLower,

    /// <summary>The configured version or a higher one.</summary>
    OrHigher,
}
