using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using Atrium.Transport.IoUring.Native;
using static Atrium.Transport.IoUring.Native.IoUringConstants;

namespace Atrium.Transport.IoUring;

/// <summary>
/// A connection's receive or its send, awaitable and reused for every call (one of each is in flight at a time). The
/// awaiting loop resumes inline on the I/O thread, which is what keeps a completion from being handed to another thread.
/// </summary>
internal sealed unsafe class SocketOperation : IoOperation, IValueTaskSource<int>
{
    // A send gathers at most this many segments; the rest goes in the next send.
    private const int MaxSegments = 32;

    private readonly int _fd;
    private readonly MemoryHandle[] _pins = new MemoryHandle[MaxSegments];
    private readonly Iovec* _iovecs;
    private readonly MsgHdr* _message;
    private ManualResetValueTaskSourceCore<int> _core;
    private int _pinned;
    private byte _opcode;

    public SocketOperation(IoThread thread, int fd) : base(thread)
    {
        _fd = fd;
        _iovecs = (Iovec*)NativeMemory.AllocZeroed((nuint)(MaxSegments * sizeof(Iovec)));
        _message = (MsgHdr*)NativeMemory.AllocZeroed((nuint)sizeof(MsgHdr));
        _message->Iov = _iovecs;
    }

    /// <summary>Receives into <paramref name="buffer"/>: the byte count, 0 at the end of the stream, or a negated errno.</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        _core.Reset();
        _pins[0] = buffer.Pin();
        _pinned = 1;
        _iovecs[0] = new Iovec { Base = _pins[0].Pointer, Length = (nuint)buffer.Length };
        _opcode = OpRecv;
        Thread.Submit(this);
        return new ValueTask<int>(this, _core.Version);
    }

    /// <summary>Sends from the start of <paramref name="buffer"/>: the byte count sent (maybe fewer), or a negated errno.</summary>
    public ValueTask<int> SendAsync(ReadOnlySequence<byte> buffer)
    {
        _core.Reset();
        var count = Gather(buffer);
        _opcode = count == 1 ? OpSend : OpSendMsg;
        Thread.Submit(this);
        return new ValueTask<int>(this, _core.Version);
    }

    /// <summary>
    /// Sends from the start of <paramref name="buffer"/> on the calling thread without blocking, as Kestrel's socket
    /// transport does from the thread that flushed: the byte count sent (maybe fewer), or a negated errno (EAGAIN when the
    /// socket's send buffer is full). Not while a <see cref="SendAsync"/> is in flight.
    /// </summary>
    public int SendNow(ReadOnlySequence<byte> buffer)
    {
        Gather(buffer);
        var sent = Libc.SendMsg(_fd, _message, (int)(MsgNoSignal | MsgDontWait));
        var result = sent >= 0 ? (int)sent : -Marshal.GetLastPInvokeError();
        Unpin();
        return result;
    }

    public override void Prepare(Sqe* sqe)
    {
        sqe->Opcode = _opcode;
        sqe->Fd = _fd;
        if (_opcode == OpSendMsg)
        {
            sqe->Addr = (ulong)_message;
            sqe->Len = 1;
            sqe->OpFlags = MsgNoSignal;
            return;
        }

        sqe->Addr = (ulong)_iovecs[0].Base;
        sqe->Len = (uint)_iovecs[0].Length;
        sqe->OpFlags = _opcode == OpSend ? MsgNoSignal : 0;
    }

    public override void Complete(int result, uint flags)
    {
        Unpin();
        _core.SetResult(result);
    }

    private int Gather(ReadOnlySequence<byte> buffer)
    {
        var count = 0;
        foreach (var segment in buffer)
        {
            if (segment.IsEmpty)
            {
                continue;
            }

            _pins[count] = segment.Pin();
            _iovecs[count] = new Iovec { Base = _pins[count].Pointer, Length = (nuint)segment.Length };
            if (++count == MaxSegments)
            {
                break;
            }
        }

        _pinned = count;
        _message->IovLength = (nuint)count;
        return count;
    }

    private void Unpin()
    {
        for (var i = 0; i < _pinned; i++)
        {
            _pins[i].Dispose();
        }

        _pinned = 0;
    }

    public int GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public override void Dispose()
    {
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_message);
        base.Dispose();
    }
}
