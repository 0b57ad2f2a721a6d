using Atrium.Chassis.Configuration;
using Atrium.Chassis.Security;
using Atrium.Rpc;

namespace Atrium.Identity;

/// <summary>
/// A service that may get service tokens from <c>POST /connect/token</c> (an item of <c>identity.clients</c>): its
/// client id, its secret, and the scopes it may be granted (each at its own audience, see <see cref="ServiceScopes"/>).
/// </summary>
public sealed class ServiceClientRegistration : IValidatableConfig
{
    /// <summary>The client id: 1 to 64 lower-case letters, digits, <c>.</c>, <c>_</c> or <c>-</c>. Required.</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// The client secret (at least <see cref="ClientSecret.MinimumLength"/> characters); when set it wins over
    /// <see cref="SecretFile"/>. Default empty.
    /// </summary>
    [Secret]
    public string Secret { get; set; } = "";

    /// <summary>
    /// The file holding the secret, relative to <c>host.dataDirectory</c> unless absolute; created (owner-only, 32 random
    /// bytes) when missing, so that the client in the same data directory finds the same secret. Default empty.
    /// </summary>
    public string SecretFile { get; set; } = "";

    /// <summary>The scopes the client may be granted, from <see cref="ServiceScopes.All"/>. At least one.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Id.Length is 0 or > 64 || !Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
        {
            context.AddError("id", $"'{Id}' is not a client id (1 to 64 of a-z, 0-9, '.', '_', '-')");
        }

        ClientSecret.Validate(context, Secret, SecretFile);

        if (Scopes.Count == 0)
        {
            context.AddError("scopes", "list at least one scope: " + string.Join(", ", ServiceScopes.All));
        }

        for (var i = 0; i < Scopes.Count; i++)
        {
            if (!ServiceScopes.All.Contains(Scopes[i], StringComparer.Ordinal))
            {
                context.AddError($"scopes[{i}]", $"'{Scopes[i]}' is not a scope; known: {string.Join(", ", ServiceScopes.All)}");
            }
            else if (Scopes.IndexOf(Scopes[i]) < i)
            {
                context.AddError($"scopes[{i}]", $"'{Scopes[i]}' is listed twice");
            }
        }
    }
}
