namespace Atrium.Identity.Domain;

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
/// <param name="MaxFailedAttempts">Failures in a row that lock the account.</param>
/// <param name="Duration">How long the lock lasts.</param>
internal sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan Duration);
