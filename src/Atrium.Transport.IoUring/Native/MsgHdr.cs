using System.Runtime.InteropServices;

namespace Atrium.Transport.IoUring.Native;

/// <summary><c>struct msghdr</c> of a 64-bit Linux, for a gathered send without an address or control data.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MsgHdr
{
    public void* Name;
    public uint NameLength;
    public Iovec* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}
