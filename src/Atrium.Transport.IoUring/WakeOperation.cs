using System.Runtime.InteropServices;
using Atrium.Transport.IoUring.Native;

namespace Atrium.Transport.IoUring;

/// <summary>A read kept pending on an eventfd, so that a write to it from another thread ends the ring's wait.</summary>
internal sealed unsafe class WakeOperation : IoOperation
{
    private readonly int _fd;
    private readonly ulong* _counter;

    public WakeOperation(IoThread thread) : base(thread)
    {
        _fd = Libc.EventFd(0, IoUringConstants.EfdCloexec);
        if (_fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException($"eventfd failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
        }

        _counter = (ulong*)NativeMemory.Alloc(sizeof(ulong));
    }

    /// <summary>Ends the ring's wait; from any thread.</summary>
    public void Signal()
    {
        ulong one = 1;
        _ = Libc.Write(_fd, &one, sizeof(ulong));
    }

    public override void Prepare(Sqe* sqe)
    {
        sqe->Opcode = IoUringConstants.OpRead;
        sqe->Fd = _fd;
        sqe->Addr = (ulong)_counter;
        sqe->Len = sizeof(ulong);
    }

    public override void Complete(int result, uint flags) => Thread.Submit(this);

    public override void Dispose()
    {
        _ = Libc.Close(_fd);
        NativeMemory.Free(_counter);
        base.Dispose();
    }
}
