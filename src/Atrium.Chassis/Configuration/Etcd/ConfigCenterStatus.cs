namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>Where a process's config center stands, for <c>/admin/reload</c>, <c>/readyz</c> and the metrics.</summary>
/// <param name="Namespace">The watched namespace.</param>
/// <param name="AppliedRevision">The revision of the document in effect.</param>
/// <param name="LastSeenRevision">The newest revision seen, applied or rejected.</param>
/// <param name="FromCache">Whether the document in effect came from the local cache and etcd has not confirmed it yet.</param>
/// <param name="Connected">Whether the watch is connected to etcd.</param>
public sealed record ConfigCenterStatus(string Namespace, long AppliedRevision, long LastSeenRevision, bool FromCache, bool Connected)
{
    /// <summary>The document in effect as <c>config show --sources</c> names it, with <c>(cache)</c> when it came from the cache.</summary>
    public string Label => $"etcd:{Namespace}@{AppliedRevision}" + (FromCache ? " (cache)" : string.Empty);
}
