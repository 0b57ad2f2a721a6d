namespace Atrium.Gateway.Forwarding;

/// <summary>
/// The headers that carry the verified caller upstream. The forwarder always drops client-sent copies, on every route,
/// so an upstream can trust them.
/// </summary>
internal static class IdentityHeaders
{
    /// <summary>The verified subject (JWT <c>sub</c>, or the API key's subject).</summary>
    public const string Subject = "X-Atrium-Subject";

    /// <summary>The caller's roles, comma-separated.</summary>
    public const string Roles = "X-Atrium-Roles";

    /// <summary>How the caller proved identity: <c>jwt</c> or <c>apiKey</c>.</summary>
    public const string Scheme = "X-Atrium-Auth-Scheme";

    private const string Prefix = "X-Atrium-";

    public static bool IsIdentityHeader(string name) =>
        name.Length > Prefix.Length
        && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
        && (name.Equals(Subject, StringComparison.OrdinalIgnoreCase)
            || name.Equals(Roles, StringComparison.OrdinalIgnoreCase)
            || name.Equals(Scheme, StringComparison.OrdinalIgnoreCase));

    public static void Apply(GatewayIdentity identity, HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation(Subject, identity.Subject);
        request.Headers.TryAddWithoutValidation(Scheme, identity.SchemeName);
        if (identity.RolesHeader.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(Roles, identity.RolesHeader);
        }
    }
}
