using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Persistence;
using Atrium.Contracts.Events;
using Atrium.Identity.Domain;
using Atrium.Identity.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Identity.Application;

/// <summary>Registration, sign-in with lockout, and refresh-token rotation with reuse detection.</summary>
/// <remarks>
/// Every change to a user's lockout state and to a refresh-token family runs in a <see cref="WriteTransaction"/> on
/// rows locked first (<see cref="RowLocks"/>): concurrent sign-ins of one user, and concurrent refreshes of one family,
/// take turns, so that no failure goes uncounted and no second use of a token goes unnoticed.
/// </remarks>
internal sealed partial class IdentityService(
    IdentityDbContext db,
    PasswordVerifier passwords,
    IPasswordHasher<User> hasher,
    TokenIssuer tokens,
    LiveOptions<IdentityOptions> live,
    TimeProvider time,
    ILogger<IdentityService> logger)
{
    // One answer for an unknown email, a wrong password and a locked account, so that it does not tell them apart.
    private const string SignInRefused = "Wrong email or password, or too many failed sign-ins; try again later.";

    // Scoped: one request reads one snapshot, so that a reload does not mix two lockout policies in one sign-in.
    private readonly IdentityOptions _options = live.Current;

    private LockoutPolicy Lockout => new(_options.LockoutMaxFailedAttempts, _options.LockoutDuration);

    public async Task<User> RegisterAsync(EmailAddress email, string password, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Email == email.Value, cancellationToken).ConfigureAwait(false))
        {
            throw new IdentityDomainException(IdentityErrors.EmailTaken, "The email is registered already.");
        }

        var now = time.GetUtcNow();
        var user = User.Register(Guid.CreateVersion7(now), email, hasher.HashPassword(null!, password), now);
        db.Users.Add(user);
        // Same SaveChanges as the user: the event exists exactly when the user does (payments opens the account).
        db.Outbox().Add(new UserRegistered(user.Id, user.Email) { OccurredAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // A concurrent registration of the same email won the unique index.
            if (await db.Users.AsNoTracking().AnyAsync(u => u.Email == email.Value, cancellationToken).ConfigureAwait(false))
            {
                throw new IdentityDomainException(IdentityErrors.EmailTaken, "The email is registered already.");
            }

            throw;
        }

        LogRegistered(logger, user.Id);
        return user;
    }

    public async Task<TokenPair> SignInAsync(EmailAddress email, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email.Value, cancellationToken).ConfigureAwait(false);
        // Before any decision: a locked account and an unknown email cost the same hash verification as a wrong password.
        var verified = passwords.Verify(user, password);
        if (user is null || user.IsLockedOut(now))
        {
            throw Refused();
        }

        if (verified == PasswordVerificationResult.Failed)
        {
            // Not cancellable: a client that hangs up must not take its failure out of the count.
            if (await WriteTransaction.RunAsync(db, () => RecordFailureAsync(user.Id, now), CancellationToken.None).ConfigureAwait(false))
            {
                LogLockedOut(logger, user.Id, _options.LockoutDuration.TotalSeconds);
            }

            throw Refused();
        }

        // Hashed before the write transaction, which holds the database's write lock on SQLite.
        var rehashed = verified == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : null;
        return await WriteTransaction.RunAsync(db, () => StartSessionAsync(user.Id, rehashed, now, cancellationToken), cancellationToken).ConfigureAwait(false)
            ?? throw Refused();
    }

    public async Task<TokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = TokenIssuer.Hash(refreshToken);
        var presented = await db.RefreshTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Select(t => new { t.Id, t.FamilyId, t.UserId })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IdentityDomainException(IdentityErrors.RefreshTokenInvalid, "The refresh token is not valid.");

        // Not cancellable: a reuse revokes its family even when the client hangs up.
        var pair = await WriteTransaction.RunAsync(db, () => RotateAsync(presented.Id, presented.FamilyId, now), CancellationToken.None).ConfigureAwait(false);
        if (pair is null)
        {
            LogReuse(logger, presented.UserId, presented.FamilyId);
            throw new IdentityDomainException(IdentityErrors.RefreshTokenInvalid, "The refresh token was already used; its sessions are revoked.");
        }

        return pair;
    }

    public Task<User?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);

    private static IdentityDomainException Refused() => new(IdentityErrors.InvalidCredentials, SignInRefused);

    /// <returns>Whether this failure locked the account.</returns>
    private async Task<bool> RecordFailureAsync(Guid userId, DateTimeOffset now)
    {
        var user = (await db.Users.FindForUpdateAsync([userId], CancellationToken.None).ConfigureAwait(false)).Single();
        // A concurrent failure locked it since the read: failures during a lockout do not count towards the next one.
        if (user.IsLockedOut(now))
        {
            return false;
        }

        var locked = user.RecordFailedLogin(now, Lockout);
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        return locked;
    }

    /// <returns>The new session, or null when a concurrent failure locked the account since the password was checked.</returns>
    private async Task<TokenPair?> StartSessionAsync(Guid userId, string? rehashed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var user = (await db.Users.FindForUpdateAsync([userId], cancellationToken).ConfigureAwait(false)).Single();
        if (user.IsLockedOut(now))
        {
            return null;
        }

        if (rehashed is not null)
        {
            user.ChangePasswordHash(rehashed);
        }

        user.RecordSuccessfulLogin(now);
        var (refresh, hash) = TokenIssuer.CreateRefreshToken();
        db.RefreshTokens.Add(RefreshToken.IssueNewFamily(Guid.CreateVersion7(now), user.Id, hash, now, _options.RefreshTokenLifetime));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new TokenPair(tokens.CreateAccessToken(user), (int)_options.AccessTokenLifetime.TotalSeconds, refresh);
    }

    /// <returns>The successor pair, or null when the token was used before: then its whole family is revoked.</returns>
    private async Task<TokenPair?> RotateAsync(Guid tokenId, Guid familyId, DateTimeOffset now)
    {
        // A family's first token is its lock (its id is the family's): a rotation and a reuse of one family take turns,
        // so a reuse sees, and revokes, every successor that a rotation before it committed.
        await db.RefreshTokens.FindForUpdateAsync([familyId], CancellationToken.None).ConfigureAwait(false);
        var current = await db.RefreshTokens.SingleAsync(t => t.Id == tokenId, CancellationToken.None).ConfigureAwait(false);
        if (current.WasUsed)
        {
            var family = await db.RefreshTokens.Where(t => t.FamilyId == familyId).ToListAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var token in family)
            {
                token.Revoke(now);
            }

            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            return null;
        }

        var user = await db.Users.SingleAsync(u => u.Id == current.UserId, CancellationToken.None).ConfigureAwait(false);
        var (next, nextHash) = TokenIssuer.CreateRefreshToken();
        db.RefreshTokens.Add(current.Rotate(Guid.CreateVersion7(now), nextHash, now, _options.RefreshTokenLifetime));
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        return new TokenPair(tokens.CreateAccessToken(user), (int)_options.AccessTokenLifetime.TotalSeconds, next);
    }

    [LoggerMessage(EventId = IdentityEventIds.UserRegistered, Level = LogLevel.Information, Message = "User {UserId} registered")]
    private static partial void LogRegistered(ILogger logger, Guid userId);

    [LoggerMessage(EventId = IdentityEventIds.UserLockedOut, Level = LogLevel.Warning, Message = "User {UserId} locked out for {Seconds} s after repeated failed sign-ins")]
    private static partial void LogLockedOut(ILogger logger, Guid userId, double seconds);

    [LoggerMessage(EventId = IdentityEventIds.RefreshTokenReuse, Level = LogLevel.Warning, Message = "Refresh token reuse for user {UserId}: token family {FamilyId} revoked")]
    private static partial void LogReuse(ILogger logger, Guid userId, Guid familyId);
}
