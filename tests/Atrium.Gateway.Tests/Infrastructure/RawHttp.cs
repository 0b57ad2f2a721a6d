using System.Net.Sockets;
using System.Text;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>Raw bytes over a TCP socket, for requests an HTTP client would refuse to send or would normalize.</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="raw"/> and reads until the server closes the connection (or fails after 30 s).</summary>
    public static async Task<string> ExchangeAsync(int port, string raw)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(raw));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            throw new ShouldAssertException("The connection was not closed within 30 s; received:\n" + Encoding.Latin1.GetString(received.ToArray()));
        }
        catch (IOException)
        {
            // A reset after the answer also ends the connection.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>A GET of <paramref name="target"/> exactly as written, on a connection the server is asked to close.</summary>
    public static Task<string> GetAsync(int port, string target, string extraHeaders = "") =>
        ExchangeAsync(port, $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extraHeaders}Connection: close\r\n\r\n");

    /// <summary>How many responses <paramref name="answer"/> holds.</summary>
    public static int CountResponses(string answer)
    {
        var count = 0;
        for (var i = answer.IndexOf("HTTP/1.1 ", StringComparison.Ordinal); i >= 0; i = answer.IndexOf("HTTP/1.1 ", i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
