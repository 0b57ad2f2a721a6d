using System.Runtime.InteropServices;

namespace Atrium.Transport.IoUring.Native;

/// <summary>The libc entry points the transport calls; io_uring itself has no libc wrapper, so it goes through <c>syscall</c>.</summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport(Library, EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(Library, EntryPoint = "getpeername", SetLastError = true)]
    public static partial int GetPeerName(int fd, void* address, uint* length);

    [LibraryImport(Library, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, void* address, uint* length);

    /// <summary>Turns Nagle's algorithm off, as Kestrel does for its sockets; a failure leaves the connection usable.</summary>
    public static void SetNoDelay(int fd)
    {
        var one = 1;
        _ = SetSockOpt(fd, IoUringConstants.IpProtoTcp, IoUringConstants.TcpNoDelay, &one, sizeof(int));
    }
}
