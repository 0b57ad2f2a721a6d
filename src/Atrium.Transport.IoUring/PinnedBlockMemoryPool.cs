using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Atrium.Transport.IoUring;

/// <summary>
/// Blocks of 4 KiB on the pinned object heap, reused: the kernel is handed their addresses, and pinning memory that
/// never moves costs nothing. Shared by every connection of a transport (the pipes and Kestrel's own buffers).
/// </summary>
internal sealed class PinnedBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _free = new();

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return _free.TryDequeue(out var block) ? block : new Block(this);
    }

    protected override void Dispose(bool disposing) => _free.Clear();

    private sealed class Block(PinnedBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public void Dispose() => pool._free.Enqueue(this);
    }
}
