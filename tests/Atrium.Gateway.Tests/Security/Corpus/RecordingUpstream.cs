using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// An upstream that records requests exactly as they arrive on the wire: a raw TCP listener that reads each request's
/// head and body by its own framing and answers <c>200</c> with <c>X-Recorder: n</c>. Nothing (Kestrel, HttpClient)
/// normalises what the gateway sent before it is recorded.
/// </summary>
/// <remarks>
/// <see cref="WaitIdleAsync"/> tells when everything the gateway has sent so far is recorded, without sleeping: a
/// connection counts as busy while it holds part of a request, while its socket has unread bytes and while a finished
/// receive or accept has not been handled yet; every change pulses a signal that the waiter re-checks on.
/// </remarks>
internal sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<Connection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<Socket> _accepting = Task.FromResult<Socket>(null!);
    private Task _acceptLoop = Task.CompletedTask;

    private RecordingUpstream(TcpListener listener) => _listener = listener;

    /// <summary>The base address for a cluster's <c>endpoints</c>.</summary>
    public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>How many requests (complete or not) were recorded so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    public static RecordingUpstream Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var upstream = new RecordingUpstream(listener);
        upstream._acceptLoop = upstream.AcceptLoopAsync();
        return upstream;
    }

    /// <summary>The requests recorded after the first <paramref name="mark"/> ones.</summary>
    public IReadOnlyList<RecordedRequest> Since(int mark)
    {
        lock (_gate)
        {
            return [.. _requests.Skip(mark)];
        }
    }

    /// <summary>Waits until every byte the gateway sent has been read and recorded; fails after <paramref name="guard"/>.</summary>
    public async Task WaitIdleAsync(TimeSpan guard)
    {
        using var deadline = new CancellationTokenSource(guard);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
                if (IsIdle())
                {
                    return;
                }
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new ShouldAssertException($"The recording upstream still had a request in progress after {guard.TotalSeconds} s.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Socket.Dispose();
            }
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // Stopped.
        }

        _stopping.Dispose();
    }

    private bool IsIdle() =>
        !_accepting.IsCompleted
        && !_listener.Pending()
        && _connections.TrueForAll(c => !c.Busy && !c.Receiving.IsCompleted && c.Socket.Available == 0);

    private void Pulse() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Task<Socket> accepting;
            lock (_gate)
            {
                _accepting = accepting = _listener.AcceptSocketAsync(_stopping.Token).AsTask();
            }

            var socket = await accepting;
            lock (_gate)
            {
                var connection = new Connection(socket);
                _connections.Add(connection);
                connection.Receiving = socket.ReceiveAsync(connection.Buffer, SocketFlags.None, _stopping.Token).AsTask();
                _ = ServeAsync(connection);
                // Replaced before the pulse, so that the waiter never sees this accept as pending.
                _accepting = new TaskCompletionSource<Socket>().Task;
                Pulse();
            }
        }
    }

    private async Task ServeAsync(Connection connection)
    {
        var pending = new MemoryStream();
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await connection.Receiving;
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    read = 0;
                }

                if (read == 0)
                {
                    Close(connection, pending, "the connection ended");
                    return;
                }

                pending.Write(connection.Buffer, 0, read);
                if (!await AnswerCompleteRequestsAsync(connection, pending))
                {
                    return;
                }

                lock (_gate)
                {
                    connection.Busy = pending.Length > 0;
                    connection.Receiving = connection.Socket.ReceiveAsync(connection.Buffer, SocketFlags.None, _stopping.Token).AsTask();
                    Pulse();
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            Close(connection, pending, ex.Message);
        }
    }

    /// <summary>Records and answers every whole request in <paramref name="pending"/>; false when it closed the connection.</summary>
    private async Task<bool> AnswerCompleteRequestsAsync(Connection connection, MemoryStream pending)
    {
        while (pending.Length > 0)
        {
            var data = pending.GetBuffer().AsMemory(0, (int)pending.Length);
            WireHead? head;
            byte[] body = [];
            var consumed = 0;
            try
            {
                head = HttpWire.TryReadHead(data.Span);
                if (head is null)
                {
                    return true;
                }

                if (!HttpWire.TryReadBody(head, data.Span[head.Length..], untilClose: false, ended: false, out body, out consumed))
                {
                    await ContinueAsync(connection, head);
                    return true;
                }
            }
            catch (FormatException ex)
            {
                Close(connection, pending, ex.Message);
                return false;
            }

            int number;
            lock (_gate)
            {
                _requests.Add(new RecordedRequest(head, body, Complete: true, Error: null));
                number = _requests.Count;
            }

            connection.ContinueSent = false;
            var rest = data[(head.Length + consumed)..].ToArray();
            pending.SetLength(0);
            pending.Write(rest);
            var answer = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Recorder: {number}\r\nContent-Length: 8\r\n\r\nrecorded";
            await connection.Socket.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None, _stopping.Token);
        }

        return true;
    }

    /// <summary>Answers <c>Expect: 100-continue</c> once per request, as a server that wants the body does.</summary>
    private async Task ContinueAsync(Connection connection, WireHead head)
    {
        if (!connection.ContinueSent && head.Values("Expect").Any(v => v.Equals("100-continue", StringComparison.OrdinalIgnoreCase)))
        {
            connection.ContinueSent = true;
            await connection.Socket.SendAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), SocketFlags.None, _stopping.Token);
        }
    }

    /// <summary>Ends a connection; a partial request left in it is recorded as incomplete.</summary>
    private void Close(Connection connection, MemoryStream pending, string reason)
    {
        lock (_gate)
        {
            if (pending.Length > 0)
            {
                var data = pending.ToArray();
                WireHead? head = null;
                try
                {
                    head = HttpWire.TryReadHead(data);
                }
                catch (FormatException)
                {
                    // Recorded with no head; the error says why.
                }

                var body = head is null ? data : data[head.Length..];
                _requests.Add(new RecordedRequest(head, body, Complete: false, Error: reason));
                pending.SetLength(0);
            }

            _connections.Remove(connection);
            connection.Socket.Dispose();
            Pulse();
        }
    }

    /// <summary>One accepted connection: its socket, the receive in flight and whether it holds part of a request.</summary>
    private sealed class Connection(Socket socket)
    {
        public Socket Socket { get; } = socket;

        public byte[] Buffer { get; } = new byte[64 * 1024];

        public Task<int> Receiving { get; set; } = Task.FromResult(0);

        public bool Busy { get; set; }

        public bool ContinueSent { get; set; }
    }
}
