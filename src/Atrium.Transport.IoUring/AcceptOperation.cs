using Atrium.Transport.IoUring.Native;
using static Atrium.Transport.IoUring.Native.IoUringConstants;

namespace Atrium.Transport.IoUring;

/// <summary>
/// A multishot accept on one listening socket, one per I/O thread: the kernel hands each new connection to one of the
/// threads' accepts, and the connection stays on that thread for its life.
/// </summary>
internal sealed unsafe class AcceptOperation(IoThread thread, int listenFd, IoUringConnectionListener listener) : IoOperation(thread)
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    /// <summary>Completes once the accept has ended and will take no more connections.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Ends the accept; from any thread.</summary>
    public void Stop()
    {
        _stopping = true;
        Thread.Submit(new CancelOperation(Thread, this));
    }

    public override void Prepare(Sqe* sqe)
    {
        sqe->Opcode = OpAccept;
        sqe->Fd = listenFd;
        sqe->IoPrio = AcceptMultishot;
        sqe->OpFlags = SockCloexec;
    }

    public override void Complete(int result, uint flags)
    {
        if (result >= 0)
        {
            listener.OnAccepted(Thread, result);
        }

        if ((flags & CqeFMore) != 0)
        {
            return;
        }

        // The multishot accept ended: cancelled, the socket closed, or a transient error (out of descriptors).
        if (_stopping || result == -EInval || result == -ECanceled)
        {
            _stopped.TrySetResult();
            Dispose();
            return;
        }

        Thread.Submit(this);
    }
}
