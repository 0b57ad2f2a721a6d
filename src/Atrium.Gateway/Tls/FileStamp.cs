namespace Atrium.Gateway.Tls;

/// <summary>What identifies one version of a file cheaply: its modification time and length.</summary>
internal readonly record struct FileStamp(long WriteTicks, long Length, bool Exists)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.LastWriteTimeUtc.Ticks, info.Length, true) : default;
    }
}
