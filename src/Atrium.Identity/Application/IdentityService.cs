using Atrium.Chassis.Eventing;
using Atrium.Contracts.Events;
using Atrium.Identity.Domain;
using Atrium.Identity.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Identity.Application;

/// <summary>Registration, sign-in with lockout, and refresh-token rotation with reuse detection.</summary>
internal sealed partial class IdentityService(
    IdentityDbContext db,
    IPasswordHasher<User> hasher,
    TokenIssuer tokens,
    IdentityOptions options,
    TimeProvider time,
    ILogger<IdentityService> logger)
{
    // Verified when the email is unknown, so that a wrong email costs as much time as a wrong password.
    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(null!, "not-a-real-password");

    private LockoutPolicy Lockout => new(options.LockoutMaxFailedAttempts, options.LockoutDuration);

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
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email.Value, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash, password);
            throw new IdentityDomainException(IdentityErrors.InvalidCredentials, "Wrong email or password.");
        }

        if (user.IsLockedOut(now))
        {
            throw new IdentityDomainException(IdentityErrors.LockedOut, "Too many failed sign-ins; try again later.");
        }

        var verified = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            if (user.RecordFailedLogin(now, Lockout))
            {
                LogLockedOut(logger, user.Id, options.LockoutDuration.TotalSeconds);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            throw new IdentityDomainException(IdentityErrors.InvalidCredentials, "Wrong email or password.");
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.ChangePasswordHash(hasher.HashPassword(user, password));
        }

        user.RecordSuccessfulLogin(now);
        var (refresh, hash) = TokenIssuer.CreateRefreshToken();
        db.RefreshTokens.Add(RefreshToken.IssueNewFamily(Guid.CreateVersion7(now), user.Id, hash, now, options.RefreshTokenLifetime));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new TokenPair(tokens.CreateAccessToken(user), (int)options.AccessTokenLifetime.TotalSeconds, refresh);
    }

    public async Task<TokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = TokenIssuer.Hash(refreshToken);
        var current = await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken).ConfigureAwait(false)
            ?? throw new IdentityDomainException(IdentityErrors.RefreshTokenInvalid, "The refresh token is not valid.");

        if (current.WasUsed)
        {
            await RevokeFamilyAsync(current, now, cancellationToken).ConfigureAwait(false);
            throw new IdentityDomainException(IdentityErrors.RefreshTokenInvalid, "The refresh token was already used; its sessions are revoked.");
        }

        var user = await db.Users.SingleAsync(u => u.Id == current.UserId, cancellationToken).ConfigureAwait(false);
        var (next, nextHash) = TokenIssuer.CreateRefreshToken();
        db.RefreshTokens.Add(current.Rotate(Guid.CreateVersion7(now), nextHash, now, options.RefreshTokenLifetime));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request rotated this token first: that is reuse.
            throw new IdentityDomainException(IdentityErrors.RefreshTokenInvalid, "The refresh token was already used.");
        }

        return new TokenPair(tokens.CreateAccessToken(user), (int)options.AccessTokenLifetime.TotalSeconds, next);
    }

    public Task<User?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);

    private async Task RevokeFamilyAsync(RefreshToken reused, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var family = await db.RefreshTokens.Where(t => t.FamilyId == reused.FamilyId).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var token in family)
        {
            token.Revoke(now);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogReuse(logger, reused.UserId, reused.FamilyId);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "User {UserId} registered")]
    private static partial void LogRegistered(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "User {UserId} locked out for {Seconds} s after repeated failed sign-ins")]
    private static partial void LogLockedOut(ILogger logger, Guid userId, double seconds);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Refresh token reuse for user {UserId}: token family {FamilyId} revoked")]
    private static partial void LogReuse(ILogger logger, Guid userId, Guid familyId);
}
