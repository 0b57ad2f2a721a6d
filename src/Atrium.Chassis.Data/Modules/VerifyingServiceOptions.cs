using Atrium.Chassis.Security;

namespace Atrium.Chassis.Data.Modules;

/// <summary>
/// The settings of a service module that verifies identity's tokens itself: those of <see cref="ServiceOptions"/> and
/// <c>auth</c>. <see cref="ServiceModuleBuilder"/> wires access-token and service-token verification from it.
/// </summary>
/// <param name="listen">The module's default listen addresses.</param>
public abstract class VerifyingServiceOptions(List<string> listen) : ServiceOptions(listen)
{
    /// <summary>
    /// How callers' bearer access tokens and the service tokens of internal calls are verified (identity's JWKS, issuer,
    /// audience). Default: identity on its default listener, <c>http://127.0.0.1:8101/.well-known/jwks.json</c>, issuer
    /// and audience <c>atrium</c>.
    /// </summary>
    public AccessTokenOptions Auth { get; set; } = new();
}
