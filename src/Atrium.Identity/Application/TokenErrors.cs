namespace Atrium.Identity.Application;

/// <summary>The error codes of the token endpoint (RFC 6749 §5.2, RFC 8707 §2 for <c>invalid_target</c>).</summary>
internal static class TokenErrors
{
    /// <summary>A parameter is missing, repeated or malformed, or the client authenticated two ways. 400.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>Unknown client, wrong secret or no client authentication. 401.</summary>
    public const string InvalidClient = "invalid_client";

    /// <summary>A grant type other than <c>client_credentials</c>. 400.</summary>
    public const string UnsupportedGrantType = "unsupported_grant_type";

    /// <summary>None of the requested scopes is the client's at the audience, or it has none there. 400.</summary>
    public const string InvalidScope = "invalid_scope";

    /// <summary>No audience, or one that serves no internal methods. 400.</summary>
    public const string InvalidTarget = "invalid_target";

    /// <summary>Too many failed client authentications from the caller's address lately. 429, with <c>Retry-After</c>.</summary>
    public const string TemporarilyUnavailable = "temporarily_unavailable";
}
