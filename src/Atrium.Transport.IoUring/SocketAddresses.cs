using System.Buffers.Binary;
using System.Net;
using Atrium.Transport.IoUring.Native;

namespace Atrium.Transport.IoUring;

/// <summary>Reads a connected socket's addresses (<c>getsockname</c>, <c>getpeername</c>) as <see cref="IPEndPoint"/>s.</summary>
internal static unsafe class SocketAddresses
{
    public static IPEndPoint? Local(int fd) => Read(fd, peer: false);

    public static IPEndPoint? Remote(int fd) => Read(fd, peer: true);

    private static IPEndPoint? Read(int fd, bool peer)
    {
        // sockaddr_storage is 128 bytes.
        var storage = stackalloc byte[128];
        uint length = 128;
        var result = peer ? Libc.GetPeerName(fd, storage, &length) : Libc.GetSockName(fd, storage, &length);
        if (result != 0)
        {
            return null;
        }

        var bytes = new ReadOnlySpan<byte>(storage, (int)length);
        var family = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        var port = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        return family switch
        {
            IoUringConstants.AfInet => new IPEndPoint(new IPAddress(bytes.Slice(4, 4)), port),
            IoUringConstants.AfInet6 => new IPEndPoint(new IPAddress(bytes.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..])), port),
            _ => null,
        };
    }
}
