namespace Atrium.Gateway.Configuration;

/// <summary>What a matching authorization rule decides.</summary>
public enum AuthzEffect
{
    /// <summary>The request goes on.</summary>
    Allow,

    /// <summary>403 <c>FORBIDDEN</c>.</summary>
    Deny,
}
