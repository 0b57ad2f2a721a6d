using System.Net;
using System.Net.Sockets;

namespace Atrium.Testing;

/// <summary>A loopback port that was free a moment ago, for a server a test starts later.</summary>
/// <remarks>
/// Ports come from 20000–31999, below the kernel's ephemeral range (32768 and up here): a port taken from that range
/// (bind to 0, release) could be handed to any outgoing connection before the test's server binds it, and on a busy
/// machine running every test project at once it was ("address already in use"). Each process walks the range from
/// its own starting block and never hands out a port twice, so neither its own tests nor other test processes meet
/// on one unless the range wraps; a port something already holds is skipped.
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private const int Blocks = 48;
    private static int _cursor = Environment.ProcessId % Blocks * (Count / Blocks);

    public static int Next()
    {
        for (var tried = 0; tried < Count; tried++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _cursor) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}-{First + Count - 1}.");
    }

    /// <summary>A loopback address where nothing listens: bound, then released.</summary>
    public static string ClosedAddress() => $"http://127.0.0.1:{Next()}";

    /// <summary>Whether something accepts a TCP connection on 127.0.0.1:<paramref name="port"/> right now.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
