using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>Keys known without fetching: the gateway's configured PEM keys, or identity's own signing key.</summary>
internal sealed class StaticSigningKeys(IReadOnlyList<SecurityKey> keys, string source = "static") : ISigningKeySource
{
    public SigningKeySet Current { get; } = new(keys);

    public string Source => source;

    public string? LastFailure => null;

    public ValueTask EnsureAsync(string? kid, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
