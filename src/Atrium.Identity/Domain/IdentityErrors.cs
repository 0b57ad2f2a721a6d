namespace Atrium.Identity.Domain;

/// <summary>Why an identity rule refused something; each maps to a chassis error code at the API.</summary>
internal enum IdentityErrors
{
    /// <summary>The email is registered already.</summary>
    EmailTaken,

    /// <summary>Wrong email or password.</summary>
    InvalidCredentials,

    /// <summary>Too many wrong passwords; sign-in is refused for a while.</summary>
    LockedOut,

    /// <summary>The refresh token is unknown, expired, used or revoked.</summary>
    RefreshTokenInvalid,

    /// <summary>No such role.</summary>
    UnknownRole,
}
