using Atrium.Transport.IoUring.Native;

namespace Atrium.Transport.IoUring;

/// <summary>Whether this machine can run the io_uring transport.</summary>
public static class IoUringTransport
{
    private static readonly Lazy<(bool Supported, string Reason)> Probe = new(() => (Ring.Probe(out var reason), reason));

    /// <summary>Whether the kernel lets this process set up an io_uring (Linux 5.19 or later for multishot accept).</summary>
    public static bool IsSupported => Probe.Value.Supported;

    /// <summary>Why <see cref="IsSupported"/> is false; empty when it is true.</summary>
    public static string UnsupportedReason => Probe.Value.Reason;
}
