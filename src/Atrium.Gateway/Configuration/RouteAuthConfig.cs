using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// What a route requires of its callers (<c>gateway.routes[i].auth</c>). Without it a route is anonymous. Failing
/// authentication answers 401 <c>AUTH_FAILED</c>; missing roles or scopes 403 <c>FORBIDDEN</c>.
/// </summary>
public sealed class RouteAuthConfig : IValidatableConfig
{
    /// <summary><c>anonymous</c> or <c>authenticated</c>. Default <c>authenticated</c> (an <c>auth</c> block is there to require something).</summary>
    public AuthRequirement Require { get; set; } = AuthRequirement.Authenticated;

    /// <summary>The caller needs at least one of these roles. Default none (any role).</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>The caller needs every one of these scopes (JWT <c>scope</c>/<c>scp</c>). Default none.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Accepted credentials: <c>jwt</c>, <c>apiKey</c>. Default both.</summary>
    public List<AuthScheme> Schemes { get; set; } = [AuthScheme.Jwt, AuthScheme.ApiKey];

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Require == AuthRequirement.Anonymous && (Roles.Count > 0 || Scopes.Count > 0))
        {
            context.AddError("require", "roles and scopes need require: authenticated");
        }

        if (Require == AuthRequirement.Authenticated && Schemes.Count == 0)
        {
            context.AddError("schemes", "needs at least one scheme (jwt, apiKey)");
        }
    }
}
