using System.Runtime.InteropServices;

namespace Atrium.Transport.IoUring.Native;

/// <summary>A completion queue entry, <c>struct io_uring_cqe</c> (16 bytes without <c>IORING_SETUP_CQE32</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Cqe
{
    public ulong UserData;
    public int Res;
    public uint Flags;
}
