using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Atrium.Transport.IoUring;

/// <summary>
/// Kestrel's transport on io_uring for TCP endpoints (any other endpoint goes to the next transport, the socket one).
/// The I/O threads start with the first listener and stop when the host disposes the factory.
/// </summary>
internal sealed class IoUringTransportFactory(IOptions<IoUringTransportOptions> options) : IConnectionListenerFactory, IConnectionListenerFactorySelector, IDisposable
{
    private readonly PinnedBlockMemoryPool _pool = new();
    private readonly Lock _gate = new();
    private IoThread[]? _threads;

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint ip)
        {
            throw new NotSupportedException($"The io_uring transport binds TCP endpoints only, not {endpoint}.");
        }

        return ValueTask.FromResult<IConnectionListener>(new IoUringConnectionListener(ip, Threads(), _pool, options.Value.Backlog));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var thread in _threads ?? [])
            {
                thread.Dispose();
            }

            _threads = null;
        }

        _pool.Dispose();
    }

    private IoThread[] Threads()
    {
        lock (_gate)
        {
            if (_threads is null)
            {
                var count = options.Value.ThreadCount > 0 ? options.Value.ThreadCount : Environment.ProcessorCount;
                var threads = new IoThread[count];
                for (var i = 0; i < count; i++)
                {
                    threads[i] = new IoThread($"io_uring {i}", options.Value.RingEntries);
                    threads[i].Start();
                }

                _threads = threads;
            }

            return _threads;
        }
    }
}
