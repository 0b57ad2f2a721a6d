using System.Net;
using System.Net.Sockets;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// Sends raw bytes to the gateway on a new connection and reads everything it answers until the connection ends.
/// After the first final response the client half-closes, so that whatever the gateway still makes of the bytes (an
/// answer to a smuggled request) is read too, and the gateway's close ends the read. When that response is the
/// refusal after which the gateway must close by itself (<c>awaitServerClose</c>), the client does not
/// half-close but waits for that close. A case may also half-close right after sending, for requests that are
/// incomplete on purpose. The guard only bounds a broken case.
/// </summary>
internal static class RawExchange
{
    public static async Task<RawConversation> RunAsync(
        int port, byte[] request, bool halfCloseAfterSending, Func<RawResponse, bool> awaitServerClose, TimeSpan guard)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(guard);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
        await socket.SendAsync(request, SocketFlags.None, deadline.Token);
        var halfClosed = halfCloseAfterSending;
        if (halfClosed)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        var received = new MemoryStream();
        var responses = new List<RawResponse>();
        var parsed = 0;
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await ReceiveAsync(socket, buffer, deadline, received);
            if (read > 0)
            {
                received.Write(buffer, 0, read);
            }

            var ended = read == 0;
            parsed += ParseResponses(received, parsed, ended, responses);
            if (ended)
            {
                var unparsed = received.ToArray()[parsed..];
                return new RawConversation(responses, ClosedByServer: !halfClosed, unparsed);
            }

            if (!halfClosed && responses.Count > 0 && !awaitServerClose(responses[0]))
            {
                socket.Shutdown(SocketShutdown.Send);
                halfClosed = true;
            }
        }
    }

    private static async Task<int> ReceiveAsync(Socket socket, byte[] buffer, CancellationTokenSource deadline, MemoryStream received)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        }
        catch (SocketException)
        {
            // A reset ends the connection as well as a FIN does.
            return 0;
        }
        catch (OperationCanceledException)
        {
            throw new ShouldAssertException("The gateway neither answered nor closed the connection within the guard; received:\n"
                + System.Text.Encoding.Latin1.GetString(received.ToArray()));
        }
    }

    /// <summary>Adds the whole responses found from <paramref name="offset"/> on; returns the bytes they took.</summary>
    private static int ParseResponses(MemoryStream received, int offset, bool ended, List<RawResponse> responses)
    {
        var data = received.GetBuffer().AsSpan(0, (int)received.Length);
        var start = offset;
        while (start < data.Length)
        {
            var head = HttpWire.TryReadHead(data[start..]);
            if (head is null)
            {
                break;
            }

            var response = new RawResponse(head, []);
            var bodiless = response.Status is (>= 100 and < 200) or 204 or 304;
            if (bodiless)
            {
                start += head.Length;
            }
            else if (HttpWire.TryReadBody(head, data[(start + head.Length)..], untilClose: true, ended, out var body, out var consumed))
            {
                response = response with { Body = body };
                start += head.Length + consumed;
            }
            else
            {
                break;
            }

            if (response.Status >= 200)
            {
                responses.Add(response);
            }
        }

        return start - offset;
    }
}
