using Atrium.Chassis.Configuration;
using Atrium.Chassis.Security;

namespace Atrium.Rpc.Client;

/// <summary>
/// A calling module's credentials for internal gRPC calls (the <c>client</c> key of its section): the client id and
/// secret it asks identity's token endpoint for service tokens with. Read at start.
/// </summary>
public sealed class ServiceClientOptions : IValidatableConfig
{
    /// <summary>The client id, as registered in <c>identity.clients</c>. Default empty: the module sets its own.</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// The client secret. Default empty: the content of <see cref="SecretFile"/>. When set (at least
    /// <see cref="ClientSecret.MinimumLength"/> characters), it wins over the file.
    /// </summary>
    [Secret]
    public string Secret { get; set; } = "";

    /// <summary>
    /// The file holding the secret, relative to <c>host.dataDirectory</c> unless absolute; created (owner-only, 32 random
    /// bytes) when missing, so that identity in the same data directory finds the same secret. Default empty: the
    /// module sets its own.
    /// </summary>
    public string SecretFile { get; set; } = "";

    /// <summary>
    /// Identity's OAuth 2.0 token endpoint: <c>https://</c>, or <c>http://</c> to loopback unless
    /// <see cref="AllowInsecureTokenUrl"/>. Default <c>http://127.0.0.1:8101/connect/token</c>.
    /// </summary>
    public string TokenUrl { get; set; } = "http://127.0.0.1:8101/connect/token";

    /// <summary>
    /// Accepts a <see cref="TokenUrl"/> over plain <c>http://</c> to a host that is not loopback, where anyone on the
    /// path could read the secret on its way. Default <see langword="false"/>.
    /// </summary>
    public bool AllowInsecureTokenUrl { get; set; }

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Id.Length == 0)
        {
            context.AddError("id", "is required");
        }

        ClientSecret.Validate(context, Secret, SecretFile);

        if (!Uri.TryCreate(TokenUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            context.AddError("tokenUrl", $"'{TokenUrl}' is not an absolute http:// or https:// URL");
        }
        else if (!AllowInsecureTokenUrl && JwksUrlRule.IsInsecure(url))
        {
            var allowKey = context.Path.Length == 0 ? "allowInsecureTokenUrl" : $"{context.Path}.allowInsecureTokenUrl";
            context.AddError(
                "tokenUrl",
                $"'{TokenUrl}' sends the client secret over plain http to a host that is not loopback (127.0.0.0/8, ::1, "
                + $"localhost), where it could be read on the way; use https://, or set {allowKey}: true to accept it");
        }
    }
}
