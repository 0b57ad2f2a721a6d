namespace Atrium.Chassis.Security;

/// <summary>
/// The readiness check of a process that verifies access tokens against a JWKS (the services and the gateway):
/// unhealthy until the signing keys have been fetched once, so that a process started before identity takes traffic
/// only once it can verify a token.
/// </summary>
public static class SigningKeysReadiness
{
    /// <summary>The check's name in <c>/readyz</c>.</summary>
    public const string Name = "jwks";

    /// <summary>How long a check may wait for the key server before the process counts as unready: 2 s.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
}
