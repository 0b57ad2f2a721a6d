namespace Atrium.Gateway.Configuration;

/// <summary>What a route requires of its callers.</summary>
public enum AuthRequirement
{
    /// <summary>Anyone; no credentials are checked (identity headers from the client are still removed).</summary>
    Anonymous,

    /// <summary>A valid credential of one of the route's schemes.</summary>
    Authenticated,
}
