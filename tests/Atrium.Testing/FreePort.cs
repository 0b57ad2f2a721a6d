using System.Net;
using System.Net.Sockets;

namespace Atrium.Testing;

/// <summary>A loopback port that was free a moment ago (bind to 0, read, release).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
}
