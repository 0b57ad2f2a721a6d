namespace Atrium.Identity.Domain;

/// <summary>The roles Atrium knows.</summary>
internal static class Roles
{
    /// <summary>Every registered user.</summary>
    public const string Customer = "customer";

    /// <summary>Manages the catalog and stock.</summary>
    public const string Admin = "admin";

    /// <summary>Whether <paramref name="role"/> is one of the known roles.</summary>
    public static bool IsKnown(string role) => role is Customer or Admin;
}
