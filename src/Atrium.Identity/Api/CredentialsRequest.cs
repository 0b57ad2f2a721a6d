namespace Atrium.Identity.Api;

/// <summary>Body of registration and sign-in.</summary>
internal sealed record CredentialsRequest(string? Email, string? Password);
