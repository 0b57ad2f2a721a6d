using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace TransportRelay;

/// <summary>
/// Relays HTTP/1.1 messages framed by Content-Length only, one upstream connection (on .NET's sockets) per client
/// connection: no header handling, no chunked bodies. Not a proxy; a yardstick of the transport under it.
/// </summary>
internal sealed class Relay(IPEndPoint upstream) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(upstream);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var upstreamIn = PipeReader.Create(stream);
        var upstreamOut = PipeWriter.Create(stream);
        try
        {
            while (await CopyMessageAsync(connection.Transport.Input, upstreamOut) && await CopyMessageAsync(upstreamIn, connection.Transport.Output))
            {
            }
        }
        catch (IOException)
        {
            // The client or the upstream went away.
        }
    }

    private static async ValueTask<bool> CopyMessageAsync(PipeReader reader, PipeWriter writer)
    {
        long remaining;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            var head = HttpHead.Length(buffer, out remaining);
            if (head >= 0)
            {
                var take = Math.Min(head + remaining, buffer.Length);
                Write(buffer.Slice(0, take), writer);
                remaining -= take - head;
                reader.AdvanceTo(buffer.GetPosition(take));
                break;
            }

            if (result.IsCompleted)
            {
                return false;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }

        while (remaining > 0)
        {
            var result = await reader.ReadAsync();
            var take = Math.Min(remaining, result.Buffer.Length);
            Write(result.Buffer.Slice(0, take), writer);
            remaining -= take;
            reader.AdvanceTo(result.Buffer.GetPosition(take));
            if (result.IsCompleted && remaining > 0)
            {
                return false;
            }
        }

        return !(await writer.FlushAsync()).IsCompleted;
    }

    private static void Write(ReadOnlySequence<byte> data, PipeWriter writer)
    {
        foreach (var segment in data)
        {
            writer.Write(segment.Span);
        }
    }
}
