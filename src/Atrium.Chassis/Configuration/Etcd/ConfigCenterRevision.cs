namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>One entry of <c>atrium config history</c>.</summary>
/// <param name="Revision">The etcd revision that wrote the document.</param>
/// <param name="Size">The document's size in bytes.</param>
/// <param name="Sha256">The first 12 hex digits of the document's SHA-256.</param>
/// <param name="Deleted">Whether this revision deleted the key rather than writing a document.</param>
internal sealed record ConfigCenterRevision(long Revision, int Size, string Sha256, bool Deleted);
