namespace Atrium.Identity.Api;

/// <summary>The signed-in user, with roles.</summary>
internal sealed record MeResponse(Guid Id, string Email, IReadOnlyList<string> Roles);
