namespace Atrium.Chassis.Configuration;

/// <summary>Values of <see cref="ConfigReloadStatus.Trigger"/>.</summary>
internal static class ConfigReloadTriggers
{
    public const string Startup = "startup";
    public const string File = "file";
    public const string Api = "api";
    public const string Etcd = "etcd";
}
