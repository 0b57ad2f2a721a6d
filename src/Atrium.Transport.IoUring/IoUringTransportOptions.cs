namespace Atrium.Transport.IoUring;

/// <summary>Settings of the io_uring transport.</summary>
public sealed class IoUringTransportOptions
{
    /// <summary>I/O threads, each with a ring of its own; 0 (the default) means one per processor.</summary>
    public int ThreadCount { get; set; }

    /// <summary>Submission entries per ring (a power of two); completions get four times as many. Default 1024.</summary>
    public uint RingEntries { get; set; } = 1024;

    /// <summary>The listening sockets' backlog. Default 512, as Kestrel's socket transport.</summary>
    public int Backlog { get; set; } = 512;
}
