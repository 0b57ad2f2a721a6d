namespace Atrium.Identity.Domain;

/// <summary>The rule every password meets: at registration and for the bootstrap administrator alike.</summary>
internal static class PasswordPolicy
{
    /// <summary>The fewest characters a password has. 8.</summary>
    public const int MinLength = 8;

    /// <summary>The most characters a password has. 128.</summary>
    public const int MaxLength = 128;

    /// <summary>The rule <paramref name="password"/> breaks, worded to follow its name; null when it meets the policy.</summary>
    public static string? Check(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.Length is < MinLength or > MaxLength ? $"must be {MinLength} to {MaxLength} characters" : null;
    }
}
