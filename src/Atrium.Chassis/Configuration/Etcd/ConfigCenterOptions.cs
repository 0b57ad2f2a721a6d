namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>
/// Where the config document comes from besides the file, the <c>config</c> section of <c>atrium.yaml</c>. These are
/// bootstrap settings: read from the file, <c>ATRIUM__...</c> variables and <c>--set</c> only, never from the config
/// center itself. Read at start; a change needs a restart.
/// </summary>
public sealed class ConfigCenterOptions
{
    /// <summary>The config section name.</summary>
    public const string Section = "config";

    /// <summary>The etcd config center; off (no endpoints) by default.</summary>
    public EtcdOptions Etcd { get; set; } = new();
}
