namespace Atrium.Chassis.Security;

/// <summary>The service a verified service token speaks for.</summary>
/// <param name="ClientId">The token's <c>client_id</c> (and <c>sub</c>): the calling service's client id.</param>
/// <param name="Scopes">The token's scopes, e.g. <c>payments.charge</c>.</param>
public sealed record ServiceCaller(string ClientId, IReadOnlySet<string> Scopes)
{
    /// <summary>Whether the token grants <paramref name="scope"/>.</summary>
    public bool HasScope(string scope) => Scopes.Contains(scope);
}
