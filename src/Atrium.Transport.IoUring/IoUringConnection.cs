using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Atrium.Transport.IoUring.Native;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using static Atrium.Transport.IoUring.Native.IoUringConstants;

namespace Atrium.Transport.IoUring;

/// <summary>
/// One accepted TCP connection on an I/O thread: a receive loop filling the input pipe and a send loop draining the
/// output pipe, both resumed inline by the thread's completions. Its life follows Kestrel's socket transport: the end of
/// the output shuts the socket down both ways, the end of the input (a FIN, a reset, that shutdown) fires
/// <see cref="ConnectionClosed"/>, and the descriptor is closed once both loops are over.
/// </summary>
internal sealed class IoUringConnection : ConnectionContext, IConnectionIdFeature, IConnectionTransportFeature,
    IConnectionItemsFeature, IConnectionLifetimeFeature, IMemoryPoolFeature
{
    // Kestrel's defaults: MaxRequestBufferSize 1 MiB and MaxResponseBufferSize 64 KiB.
    private const long InputPause = 1024 * 1024;
    private const long OutputPause = 64 * 1024;
    private const int MinReceive = 2048;

    private readonly int _fd;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly SocketOperation _receive;
    private readonly SocketOperation _send;
    private readonly CancellationTokenSource _closed = new();
    private readonly FeatureCollection _features = new();
    private readonly Lock _gate = new();
    private IDictionary<object, object?>? _items;
    private EndPoint? _remote;
    private EndPoint? _local;
    private volatile ConnectionAbortedException? _abortReason;
    private bool _shutDown;
    private bool _fdClosed;
    private Task _processing = Task.CompletedTask;

    public IoUringConnection(IoThread thread, int fd, MemoryPool<byte> pool, string connectionId)
    {
        _fd = fd;
        MemoryPool = pool;
        ConnectionId = connectionId;
        _input = new Pipe(new PipeOptions(pool, PipeScheduler.ThreadPool, PipeScheduler.Inline, InputPause, InputPause / 2, PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.ThreadPool, OutputPause, OutputPause / 2, PinnedBlockMemoryPool.BlockSize, useSynchronizationContext: false));
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        _receive = new SocketOperation(thread, fd);
        _send = new SocketOperation(thread, fd);
        _features.Set<IConnectionIdFeature>(this);
        _features.Set<IConnectionTransportFeature>(this);
        _features.Set<IConnectionItemsFeature>(this);
        _features.Set<IConnectionLifetimeFeature>(this);
        _features.Set<IMemoryPoolFeature>(this);
        ConnectionClosed = _closed.Token;
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    public override EndPoint? LocalEndPoint
    {
        get => _local ??= SocketAddresses.Local(_fd);
        set => _local = value;
    }

    public override EndPoint? RemoteEndPoint
    {
        get => _remote ??= SocketAddresses.Remote(_fd);
        set => _remote = value;
    }

    public MemoryPool<byte> MemoryPool { get; }

    /// <summary>Starts both loops; on the connection's I/O thread, so the first receive is queued without a wake-up.</summary>
    public void Start() => _processing = RunAsync();

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _abortReason = abortReason;
        _output.Reader.CancelPendingRead();
        Shutdown();
    }

    public override async ValueTask DisposeAsync()
    {
        await _input.Reader.CompleteAsync().ConfigureAwait(false);
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        await _processing.ConfigureAwait(false);
        _closed.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var receiving = ReceiveAsync();
        var sending = SendAsync();
        await receiving.ConfigureAwait(false);
        await sending.ConfigureAwait(false);
        lock (_gate)
        {
            _fdClosed = true;
            _ = Libc.Close(_fd);
        }

        _receive.Dispose();
        _send.Dispose();
    }

    private async Task ReceiveAsync()
    {
        Exception? error = null;
        try
        {
            var writer = _input.Writer;
            while (true)
            {
                var received = await _receive.ReceiveAsync(writer.GetMemory(MinReceive));
                if (received <= 0)
                {
                    error = received == 0 ? null : Error(-received, "receive");
                    break;
                }

                writer.Advance(received);
                var flush = await writer.FlushAsync();
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            error = e;
        }

        await _input.Writer.CompleteAsync(_abortReason ?? error);
        // Off the I/O thread: the token's callbacks are Kestrel's and the application's.
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.CancelClosed(), this, preferLocal: false);
    }

    private async Task SendAsync()
    {
        Exception? error = null;
        try
        {
            var reader = _output.Reader;
            while (error is null)
            {
                var result = await reader.ReadAsync();
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    // Off the I/O thread, a send that fits in the socket's buffer is done here, without waking the
                    // ring; only the rest, if any, waits for the socket in the ring.
                    var sent = _send.Thread.IsCurrent ? -EAgain : _send.SendNow(buffer);
                    if (sent == -EAgain)
                    {
                        sent = await _send.SendAsync(buffer);
                    }

                    if (sent < 0)
                    {
                        error = Error(-sent, "send");
                        break;
                    }

                    buffer = buffer.Slice(sent);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            error = e;
        }

        await _output.Reader.CompleteAsync(error);
        Shutdown();
    }

    private void CancelClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: nobody is listening.
        }
    }

    // Ends both directions: a FIN after what was sent, and the pending receive returns 0.
    private void Shutdown()
    {
        lock (_gate)
        {
            if (_shutDown || _fdClosed)
            {
                return;
            }

            _shutDown = true;
            _ = Libc.Shutdown(_fd, ShutRdWr);
        }
    }

    private static Exception Error(int errno, string operation) => errno switch
    {
        EConnReset or EPipe => new ConnectionResetException($"The connection was reset by the peer ({operation}, errno {errno})."),
        EConnAborted or ECanceled => new ConnectionAbortedException($"The connection was aborted ({operation}, errno {errno})."),
        _ => new IOException($"The connection's {operation} failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})."),
    };
}
