namespace Atrium.Chassis.Security;

/// <summary>Verifies the service tokens of internal calls (see <see cref="ServiceTokens"/>).</summary>
public interface IServiceTokenVerifier
{
    /// <summary>
    /// The caller of a valid service token (signature, issuer, this service as audience, lifetime, type), or
    /// <see langword="null"/> with the reason it was refused, in words fit for the caller.
    /// </summary>
    Task<(ServiceCaller? Caller, string? Reason)> VerifyAsync(string token, CancellationToken cancellationToken);
}
