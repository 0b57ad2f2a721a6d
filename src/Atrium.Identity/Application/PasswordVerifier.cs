using System.Security.Cryptography;
using Atrium.Identity.Domain;
using Microsoft.AspNetCore.Identity;

namespace Atrium.Identity.Application;

/// <summary>
/// Checks a sign-in's password with one hash verification whatever the account: a user's own hash, or, for an
/// unknown email, a hash of a random password made by the same hasher (so at the same cost). The time a sign-in takes
/// then tells nobody whether the email is registered, locked or neither.
/// </summary>
internal sealed class PasswordVerifier(IPasswordHasher<User> hasher)
{
    private readonly string _unknownUserHash = hasher.HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));

    /// <summary>The verification of <paramref name="password"/>; always <see cref="PasswordVerificationResult.Failed"/> without a user.</summary>
    public PasswordVerificationResult Verify(User? user, string password)
    {
        if (user is null)
        {
            _ = hasher.VerifyHashedPassword(null!, _unknownUserHash, password);
            return PasswordVerificationResult.Failed;
        }

        return hasher.VerifyHashedPassword(user, user.PasswordHash, password);
    }
}
