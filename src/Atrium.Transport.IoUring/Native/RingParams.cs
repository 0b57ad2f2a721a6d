using System.Runtime.InteropServices;

namespace Atrium.Transport.IoUring.Native;

/// <summary><c>struct io_uring_params</c>, filled in by <c>io_uring_setup</c> (120 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RingParams
{
    public uint SqEntries;
    public uint CqEntries;
    public uint Flags;
    public uint SqThreadCpu;
    public uint SqThreadIdle;
    public uint Features;
    public uint WqFd;
    public uint Resv0;
    public uint Resv1;
    public uint Resv2;
    public RingOffsets SqOff;
    public RingOffsets CqOff;
}
