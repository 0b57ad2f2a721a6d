using Atrium.Chassis.Security;

namespace Atrium.Chassis.Tests.Security;

/// <summary>A service section as the modules have one: the access token options under <c>auth</c>.</summary>
public sealed class ServiceWithTokensOptions
{
    /// <summary>The token options.</summary>
    public AccessTokenOptions Auth { get; set; } = new();
}
