namespace Atrium.Identity.Application;

/// <summary>A registered service client: its id, the SHA-256 of its secret, and the scopes it may be granted.</summary>
internal sealed record ServiceClient(string Id, byte[] SecretHash, IReadOnlySet<string> Scopes);
