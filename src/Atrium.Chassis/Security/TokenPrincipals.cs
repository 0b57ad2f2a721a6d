using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Chassis.Security;

/// <summary>The callers a valid token speaks for in a service, for <see cref="TokenVerifier{T}"/>.</summary>
internal static class TokenPrincipals
{
    /// <summary>A user: <c>sub</c> must be a user id; <c>roles</c> (or <c>role</c>) claims are its roles.</summary>
    public static (Caller? Caller, string? Reason) User(JsonWebToken jwt)
    {
        if (!Guid.TryParse(jwt.Subject, out var userId))
        {
            return (null, "token subject is not a user id");
        }

        var roles = jwt.Claims.Where(c => c.Type is "roles" or "role").Select(c => c.Value).ToList();
        return (new Caller(userId, roles), null);
    }

    /// <summary>A service: the <c>client_id</c> is required; the space-separated <c>scope</c> is its scopes.</summary>
    public static (ServiceCaller? Caller, string? Reason) Service(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<string>(ServiceTokens.ClientIdClaim, out var clientId) || string.IsNullOrEmpty(clientId))
        {
            return (null, "token has no client_id");
        }

        var scopes = jwt.TryGetPayloadValue<string>(ServiceTokens.ScopeClaim, out var scope) ? scope : "";
        return (new ServiceCaller(clientId, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)), null);
    }
}
