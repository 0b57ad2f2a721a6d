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
}
