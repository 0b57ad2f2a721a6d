namespace Atrium.Identity.Application;

/// <summary>A client-credentials token request as the endpoint read it; absent parameters are null.</summary>
/// <param name="GrantType">The <c>grant_type</c>.</param>
/// <param name="ClientId">The client id, from HTTP Basic or the form.</param>
/// <param name="ClientSecret">The client secret, from HTTP Basic or the form.</param>
/// <param name="Audience">The <c>audience</c>: the callee's module name.</param>
/// <param name="Scope">The <c>scope</c>, space-separated; null asks for every scope the client has at the audience.</param>
/// <param name="Address">The caller's address, which failed authentications are counted against.</param>
internal sealed record ClientCredentialsRequest(string? GrantType, string? ClientId, string? ClientSecret, string? Audience, string? Scope, string Address);
