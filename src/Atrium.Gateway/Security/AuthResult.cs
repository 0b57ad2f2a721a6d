using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Security;

/// <summary>The outcome of checking one credential: an identity, or why not (a fixed phrase, never token contents).</summary>
internal readonly record struct AuthResult(GatewayIdentity? Identity, string? Error)
{
    public static AuthResult Fail(string error) => new(null, error);
}
