namespace Atrium.Identity.Domain;

/// <summary>
/// One refresh token of a rotation family. Using a token rotates it: the token is retired and a successor issued in
/// the same family. Presenting a retired token again means it leaked, so the whole family is revoked.
/// </summary>
internal sealed class RefreshToken
{
    // For the persistence layer.
    private RefreshToken()
    {
        TokenHash = "";
    }

    private RefreshToken(Guid id, Guid userId, Guid familyId, string tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        Id = id;
        UserId = userId;
        FamilyId = familyId;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    /// <summary>The token's id.</summary>
    public Guid Id { get; private set; }

    /// <summary>Whose token it is.</summary>
    public Guid UserId { get; private set; }

    /// <summary>The rotation family: every token descended from one sign-in.</summary>
    public Guid FamilyId { get; private set; }

    /// <summary>SHA-256 of the token; the token itself is never stored.</summary>
    public string TokenHash { get; private set; }

    /// <summary>When it was issued.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it stops being accepted.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>When it was used (and so replaced), if it was.</summary>
    public DateTimeOffset? UsedAt { get; private set; }

    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Issues the first token of a new family (at sign-in).</summary>
    public static RefreshToken IssueNewFamily(Guid id, Guid userId, string tokenHash, DateTimeOffset now, TimeSpan lifetime) =>
        new(id, userId, familyId: id, tokenHash, now, lifetime);

    /// <summary>Whether it can be exchanged at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => UsedAt is null && RevokedAt is null && ExpiresAt > now;

    /// <summary>Whether it was already exchanged: presenting it again is reuse.</summary>
    public bool WasUsed => UsedAt is not null;

    /// <summary>Exchanges this token for its successor in the same family.</summary>
    public RefreshToken Rotate(Guid successorId, string successorHash, DateTimeOffset now, TimeSpan lifetime)
    {
        if (!IsActive(now))
        {
            throw new IdentityDomainException(IdentityErrors.RefreshTokenInvalid, "The refresh token is no longer valid.");
        }

        UsedAt = now;
        return new RefreshToken(successorId, UserId, FamilyId, successorHash, now, lifetime);
    }

    /// <summary>Revokes the token (reuse detected in its family, or sign-out). Revoking twice keeps the first time.</summary>
    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
