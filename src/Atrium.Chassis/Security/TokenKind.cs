namespace Atrium.Chassis.Security;

/// <summary>Which of identity's tokens a <see cref="TokenVerifier{T}"/> accepts; the other kind is refused unread.</summary>
internal enum TokenKind
{
    /// <summary>A user's access token; a service token is refused.</summary>
    Access,

    /// <summary>A service token (<see cref="ServiceTokens.Type"/>); a user's access token is refused.</summary>
    Service,
}
