namespace Atrium.Ordering.Application;

/// <summary>Identity as ordering calls it.</summary>
internal interface IIdentityClient
{
    /// <summary>Whether the user exists (a valid token may outlive its user).</summary>
    /// <exception cref="Chassis.Errors.AtriumException">Identity cannot be reached (UPSTREAM_UNAVAILABLE / UPSTREAM_TIMEOUT).</exception>
    Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken);
}
