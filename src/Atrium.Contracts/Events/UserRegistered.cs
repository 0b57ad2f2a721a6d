namespace Atrium.Contracts.Events;

/// <summary>Identity registered a new user.</summary>
/// <param name="UserId">The new user's id.</param>
/// <param name="Email">The address the user registered with.</param>
public sealed record UserRegistered(Guid UserId, string Email) : IntegrationEvent;
