namespace Atrium.Chassis.Security;

/// <summary>
/// Verifies service tokens for one callee through the one <see cref="TokenVerifier{T}"/>: a user's access token is
/// refused before its signature is looked at; the callee's name is the audience.
/// </summary>
internal sealed class ServiceTokenValidator(TokenVerifier<ServiceCaller> verifier) : IServiceTokenVerifier
{
    /// <summary>Why a user's access token is refused by a service-token verifier.</summary>
    public const string NotAServiceToken = "not a service token";

    public async Task<(ServiceCaller? Caller, string? Reason)> VerifyAsync(string token, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(token, cancellationToken).ConfigureAwait(false);
}
