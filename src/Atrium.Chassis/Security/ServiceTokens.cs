namespace Atrium.Chassis.Security;

/// <summary>
/// The shape of the service tokens identity issues to services (OAuth 2.0 client credentials) for the internal gRPC
/// APIs. They differ from a user's access token in their JWT <c>typ</c> header, their audience (the callee's name, not
/// <c>atrium</c>) and their subject (a client id, not a user id), so that neither passes where the other is expected.
/// </summary>
public static class ServiceTokens
{
    /// <summary>The JWT <c>typ</c> header of a service token; a user's access token has <c>JWT</c>.</summary>
    public const string Type = "service+jwt";

    /// <summary>The claim holding the client id (also the <c>sub</c>).</summary>
    public const string ClientIdClaim = "client_id";

    /// <summary>The claim holding the granted scopes, separated by spaces (RFC 8693 §4.2).</summary>
    public const string ScopeClaim = "scope";

    /// <summary>Whether a JWT's <c>typ</c> header makes it a service token (media types compare ignoring case).</summary>
    public static bool IsServiceTokenType(string? type) => string.Equals(type, Type, StringComparison.OrdinalIgnoreCase);
}
