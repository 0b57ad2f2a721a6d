namespace Atrium.Identity.Api;

/// <summary>A registered user as registration answers it.</summary>
internal sealed record UserResponse(Guid Id, string Email);
