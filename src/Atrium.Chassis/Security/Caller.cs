namespace Atrium.Chassis.Security;

/// <summary>The user a verified access token speaks for.</summary>
/// <param name="UserId">The token's <c>sub</c>.</param>
/// <param name="Roles">The token's <c>roles</c> (<c>customer</c>, <c>admin</c>).</param>
public sealed record Caller(Guid UserId, IReadOnlyList<string> Roles)
{
    /// <summary>The role every registered user has.</summary>
    public const string CustomerRole = "customer";

    /// <summary>The role of operators (catalog administration).</summary>
    public const string AdminRole = "admin";

    /// <summary>Whether the caller holds <paramref name="role"/>.</summary>
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
