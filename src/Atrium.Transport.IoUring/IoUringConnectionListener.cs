using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Atrium.Transport.IoUring.Native;
using Microsoft.AspNetCore.Connections;

namespace Atrium.Transport.IoUring;

/// <summary>
/// A listening socket with a multishot accept on every I/O thread. Accepted connections start on the thread that
/// accepted them and wait in a queue for Kestrel's <see cref="AcceptAsync"/>.
/// </summary>
internal sealed class IoUringConnectionListener : IConnectionListener
{
    private static long s_lastConnectionId;

    private readonly Socket _socket;
    private readonly MemoryPool<byte> _pool;
    private readonly AcceptOperation[] _accepts;
    private readonly Channel<IoUringConnection> _accepted = Channel.CreateUnbounded<IoUringConnection>(new UnboundedChannelOptions { SingleReader = true });
    private int _unbound;

    public IoUringConnectionListener(IPEndPoint endpoint, IReadOnlyList<IoThread> threads, MemoryPool<byte> pool, int backlog)
    {
        _pool = pool;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }

            _socket.Bind(endpoint);
            _socket.Listen(backlog);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            _socket.Dispose();
            throw new AddressInUseException(e.Message, e);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        EndPoint = _socket.LocalEndPoint!;
        var listenFd = (int)_socket.SafeHandle.DangerousGetHandle();
        _accepts = [.. threads.Select(t => new AcceptOperation(t, listenFd, this))];
        foreach (var accept in _accepts)
        {
            accept.Thread.Submit(accept);
        }
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (await _accepted.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_accepted.Reader.TryRead(out var connection))
            {
                return connection;
            }
        }

        return null;
    }

    /// <summary>Called on <paramref name="thread"/> for each accepted descriptor.</summary>
    public void OnAccepted(IoThread thread, int fd)
    {
        Libc.SetNoDelay(fd);
        var id = Interlocked.Increment(ref s_lastConnectionId).ToString("x", CultureInfo.InvariantCulture);
        var connection = new IoUringConnection(thread, fd, _pool, "iou-" + id);
        connection.Start();
        if (!_accepted.Writer.TryWrite(connection))
        {
            // Unbound meanwhile: nobody will take it.
            connection.Abort(new ConnectionAbortedException("The listener was unbound."));
            _ = connection.DisposeAsync().AsTask();
        }
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 1)
        {
            return;
        }

        foreach (var accept in _accepts)
        {
            accept.Stop();
        }

        // Not abandoned on cancellation (Kestrel passes a cancelled token when disposed without a stop): the accepts end
        // within one loop of their rings, and the socket must outlive them.
        await Task.WhenAll(_accepts.Select(a => a.Stopped)).ConfigureAwait(false);
        _accepted.Writer.TryComplete();
        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await UnbindAsync().ConfigureAwait(false);
        while (_accepted.Reader.TryRead(out var connection))
        {
            connection.Abort(new ConnectionAbortedException("The listener was disposed."));
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
