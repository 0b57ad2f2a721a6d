using Atrium.Transport.IoUring.Native;

namespace Atrium.Transport.IoUring;

/// <summary>Asks the ring to cancel another operation (<c>IORING_OP_ASYNC_CANCEL</c>); the target completes with ECANCELED.</summary>
internal sealed unsafe class CancelOperation(IoThread thread, IoOperation target) : IoOperation(thread)
{
    public override void Prepare(Sqe* sqe)
    {
        sqe->Opcode = IoUringConstants.OpAsyncCancel;
        sqe->Fd = -1;
        sqe->Addr = target.UserData;
    }

    // Whether the target was found is told by the target's own completion.
    public override void Complete(int result, uint flags) => Dispose();
}
