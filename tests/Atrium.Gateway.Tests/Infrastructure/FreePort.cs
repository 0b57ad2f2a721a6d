using System.Net;
using System.Net.Sockets;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>Free loopback ports for listeners that must be named in config before they bind.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A loopback address where nothing listens: bound, then released.</summary>
    public static string ClosedAddress() => $"http://127.0.0.1:{Next()}";
}
