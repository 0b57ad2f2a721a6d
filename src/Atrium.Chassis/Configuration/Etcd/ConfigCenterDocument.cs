namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>One revision of a namespace's YAML document.</summary>
/// <param name="Namespace">The namespace, e.g. <c>prod</c>.</param>
/// <param name="Revision">The etcd revision that wrote it (the key's mod_revision).</param>
/// <param name="Text">The YAML text.</param>
/// <param name="FromCache">Whether it was read from the local cache because etcd was unreachable.</param>
public sealed record ConfigCenterDocument(string Namespace, long Revision, string Text, bool FromCache = false)
{
    /// <summary>How <c>config show --sources</c> and the logs name the document: <c>etcd:NAMESPACE@REVISION</c>.</summary>
    public string Label => $"etcd:{Namespace}@{Revision}";
}
