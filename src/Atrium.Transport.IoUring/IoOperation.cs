using System.Runtime.InteropServices;
using Atrium.Transport.IoUring.Native;

namespace Atrium.Transport.IoUring;

/// <summary>
/// An operation an <see cref="IoThread"/> submits to its ring: it fills its submission entry and takes its completion,
/// both on the I/O thread. Its user data is a handle to itself, so a completion finds its operation without a table.
/// </summary>
internal abstract unsafe class IoOperation : IDisposable
{
    private GCHandle _self;

    protected IoOperation(IoThread thread)
    {
        Thread = thread;
        _self = GCHandle.Alloc(this);
    }

    /// <summary>The I/O thread whose ring runs this operation.</summary>
    public IoThread Thread { get; }

    /// <summary>What the kernel hands back with the completion.</summary>
    public ulong UserData => (ulong)GCHandle.ToIntPtr(_self);

    /// <summary>The operation a completion's user data names.</summary>
    public static IoOperation FromUserData(ulong userData) => (IoOperation)GCHandle.FromIntPtr((nint)userData).Target!;

    /// <summary>Fills <paramref name="sqe"/> (already cleared), except its user data.</summary>
    public abstract void Prepare(Sqe* sqe);

    /// <summary>Takes the completion: <paramref name="result"/> is the syscall's result or a negated errno.</summary>
    public abstract void Complete(int result, uint flags);

    public virtual void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
