using System.Runtime.InteropServices;

namespace Atrium.Transport.IoUring.Native;

/// <summary>
/// <c>struct io_sqring_offsets</c> and <c>struct io_cqring_offsets</c>: both are ten 32-bit words and a 64-bit one
/// with the same first four fields (head, tail, ring_mask, ring_entries); the other words mean different things.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RingOffsets
{
    public uint Head;
    public uint Tail;
    public uint RingMask;
    public uint RingEntries;
    // SQ: flags; CQ: overflow.
    public uint Word4;
    // SQ: dropped; CQ: cqes (the offset of the entries).
    public uint Word5;
    // SQ: array; CQ: flags.
    public uint Word6;
    public uint Resv1;
    public ulong UserAddr;
}
