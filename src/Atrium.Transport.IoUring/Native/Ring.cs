using System.Runtime.InteropServices;
using static Atrium.Transport.IoUring.Native.IoUringConstants;

namespace Atrium.Transport.IoUring.Native;

/// <summary>
/// One io_uring instance: its submission and completion rings mapped into this process. Not thread-safe: only the
/// thread that created it uses it (it is set up single-issuer where the kernel allows).
/// </summary>
internal sealed unsafe class Ring : IDisposable
{
    private readonly int _fd;
    private readonly nint _ringMemory;
    private readonly nuint _ringSize;
    private readonly nint _cqMemory;
    private readonly nuint _cqSize;
    private readonly Sqe* _sqes;
    private readonly nuint _sqesSize;
    private readonly uint* _sqHead;
    private readonly uint* _sqTail;
    private readonly uint _sqMask;
    private readonly uint _sqEntries;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly uint _cqMask;
    private readonly Cqe* _cqes;
    private uint _localTail;

    private Ring(int fd, in RingParams p)
    {
        _fd = fd;
        _sqEntries = p.SqEntries;
        _ringSize = (nuint)(p.SqOff.Word6 + (p.SqEntries * sizeof(uint)));
        _cqSize = (nuint)(p.CqOff.Word5 + (p.CqEntries * (uint)sizeof(Cqe)));
        var single = (p.Features & FeatSingleMmap) != 0;
        if (single)
        {
            _ringSize = Math.Max(_ringSize, _cqSize);
        }

        _ringMemory = Map(fd, _ringSize, OffSqRing);
        _cqMemory = single ? _ringMemory : Map(fd, _cqSize, OffCqRing);
        _sqesSize = (nuint)(p.SqEntries * (uint)sizeof(Sqe));
        _sqes = (Sqe*)Map(fd, _sqesSize, OffSqes);

        var sq = (byte*)_ringMemory;
        _sqHead = (uint*)(sq + p.SqOff.Head);
        _sqTail = (uint*)(sq + p.SqOff.Tail);
        _sqMask = *(uint*)(sq + p.SqOff.RingMask);
        var array = (uint*)(sq + p.SqOff.Word6);
        for (uint i = 0; i < _sqEntries; i++)
        {
            // Slot i of the array always names entry i: entries are filled in ring order.
            array[i] = i;
        }

        var cq = (byte*)_cqMemory;
        _cqHead = (uint*)(cq + p.CqOff.Head);
        _cqTail = (uint*)(cq + p.CqOff.Tail);
        _cqMask = *(uint*)(cq + p.CqOff.RingMask);
        _cqes = (Cqe*)(cq + p.CqOff.Word5);
        _localTail = *_sqTail;
    }

    /// <summary>Sets up a ring of <paramref name="entries"/> submissions and four times as many completions.</summary>
    /// <exception cref="IOException">The kernel refused (no io_uring, or it is disabled).</exception>
    public static Ring Create(uint entries)
    {
        // Single issuer with deferred task work: completions are reaped only when this thread enters the kernel,
        // which it does once per loop anyway; older kernels refuse the flags, and get the plain ring.
        uint[] attempts = [SetupCqSize | SetupSubmitAll | SetupSingleIssuer | SetupDeferTaskRun, SetupCqSize | SetupSubmitAll | SetupCoopTaskRun, SetupCqSize];
        var error = 0;
        foreach (var flags in attempts)
        {
            var p = new RingParams { Flags = flags, CqEntries = entries * 4 };
            var fd = Libc.Syscall(SysIoUringSetup, entries, (long)&p, 0, 0, 0, 0);
            if (fd >= 0)
            {
                return new Ring((int)fd, p);
            }

            error = Marshal.GetLastPInvokeError();
            if (error != EInval)
            {
                break;
            }
        }

        throw new IOException($"io_uring_setup failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
    }

    /// <summary>Whether the kernel lets this process set up a ring at all.</summary>
    public static bool Probe(out string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "io_uring is Linux only";
            return false;
        }

        var p = default(RingParams);
        var fd = Libc.Syscall(SysIoUringSetup, 2, (long)&p, 0, 0, 0, 0);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            reason = $"io_uring_setup failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})";
            return false;
        }

        _ = Libc.Close((int)fd);
        reason = string.Empty;
        return true;
    }

    /// <summary>The next free submission entry, cleared, or null when the submission ring is full.</summary>
    public Sqe* TryGetSqe()
    {
        if (_localTail - Volatile.Read(ref *_sqHead) >= _sqEntries)
        {
            return null;
        }

        var sqe = &_sqes[_localTail & _sqMask];
        *sqe = default;
        _localTail++;
        return sqe;
    }

    /// <summary>
    /// Publishes the entries filled since the last call, submits them and, with <paramref name="wait"/>, blocks until at
    /// least one completion is ready. Returns false when the kernel asked to reap completions first (EBUSY/EAGAIN).
    /// </summary>
    public bool Enter(bool wait)
    {
        Volatile.Write(ref *_sqTail, _localTail);
        while (true)
        {
            var toSubmit = _localTail - Volatile.Read(ref *_sqHead);
            var result = Libc.Syscall(SysIoUringEnter, _fd, toSubmit, wait ? 1 : 0, EnterGetEvents, 0, 0);
            if (result >= 0)
            {
                return true;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == EIntr)
            {
                continue;
            }

            if (error is EBusy or EAgain)
            {
                return false;
            }

            throw new IOException($"io_uring_enter failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
        }
    }

    /// <summary>Takes the next completion, if any.</summary>
    public bool TryTakeCqe(out Cqe cqe)
    {
        var head = *_cqHead;
        if (head == Volatile.Read(ref *_cqTail))
        {
            cqe = default;
            return false;
        }

        cqe = _cqes[head & _cqMask];
        Volatile.Write(ref *_cqHead, head + 1);
        return true;
    }

    public void Dispose()
    {
        _ = Libc.Munmap((nint)_sqes, _sqesSize);
        if (_cqMemory != _ringMemory)
        {
            _ = Libc.Munmap(_cqMemory, _cqSize);
        }

        _ = Libc.Munmap(_ringMemory, _ringSize);
        _ = Libc.Close(_fd);
    }

    private static nint Map(int fd, nuint size, long offset)
    {
        var address = Libc.Mmap(0, size, ProtRead | ProtWrite, MapShared | MapPopulate, fd, offset);
        if (address == -1)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException($"mmap of the io_uring rings failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
        }

        return address;
    }
}
