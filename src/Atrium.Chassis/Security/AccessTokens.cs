using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>
/// The <see cref="TokenVerifier{T}"/>s of the services: users' access tokens (the module's endpoints, identity's own
/// <c>/me</c>) and service tokens (the internal gRPC APIs), each with the refusals callers have always read.
/// </summary>
internal static class AccessTokens
{
    /// <summary>Verifies users' access tokens from <paramref name="issuer"/> for <paramref name="audience"/>.</summary>
    public static TokenVerifier<Caller> ForUsers(string issuer, string audience, TimeSpan clockSkew, ISigningKeySource keys, TimeProvider time) =>
        new(new TokenVerifierSettings(TokenKind.Access, issuer, [audience], clockSkew, "a service token is not a user's access token"),
            keys, time, TokenPrincipals.User);

    /// <summary>Verifies users' access tokens signed with <paramref name="key"/>, which this process holds.</summary>
    public static TokenVerifier<Caller> ForUsers(string issuer, string audience, TimeSpan clockSkew, SecurityKey key, TimeProvider time) =>
        ForUsers(issuer, audience, clockSkew, new StaticSigningKeys([key], "in-process"), time);

    /// <summary>Verifies service tokens from <paramref name="issuer"/> addressed to <paramref name="audience"/>, the callee.</summary>
    public static TokenVerifier<ServiceCaller> ForServices(string issuer, string audience, TimeSpan clockSkew, ISigningKeySource keys, TimeProvider time) =>
        new(new TokenVerifierSettings(TokenKind.Service, issuer, [audience], clockSkew, ServiceTokenValidator.NotAServiceToken),
            keys, time, TokenPrincipals.Service);
}
