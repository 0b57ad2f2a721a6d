using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Transport.IoUring.Tests.Infrastructure;

/// <summary>
/// Kestrel on the io_uring transport, on loopback: an HTTP listener (<c>/hello</c>, <c>/connection</c>, an upload
/// hashed with SHA-256, a download of N bytes, a request held until the test releases it) and a raw listener whose
/// connection handler echoes what it reads, writes <c>&lt;eof&gt;</c> once the client's side ends, and reports how
/// each connection's input ended.
/// </summary>
public sealed class IoUringServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IoUringServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The HTTP listener's port.</summary>
    public int HttpPort { get; private set; }

    /// <summary>The echo listener's port.</summary>
    public int EchoPort { get; private set; }

    /// <summary>How each echo connection's input ended: null for a FIN, otherwise the exception the pipe completed with.</summary>
    public Channel<Exception?> EchoInputEnded { get; } = Channel.CreateUnbounded<Exception?>();

    /// <summary>Completed when a request to <c>/held</c> has arrived.</summary>
    public TaskCompletionSource HeldArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completing it lets <c>/held</c> answer.</summary>
    public TaskCompletionSource ReleaseHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public Uri Http(string path) => new($"http://127.0.0.1:{HttpPort}{path}");

    public static async Task<IoUringServer> StartAsync(int httpPort = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseIoUring(o => o.ThreadCount = 2);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(1));
        builder.Services.AddSingleton<EchoHandler>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, httpPort, l => l.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, l => l.UseConnectionHandler<EchoHandler>());
        });
        var app = builder.Build();
        var server = new IoUringServer(app);
        app.Services.GetRequiredService<EchoHandler>().Server = server;
        app.MapGet("/hello", () => "hello");
        app.MapGet("/connection", (HttpContext c) => c.Connection.Id);
        app.MapPost("/sha256", async (HttpContext c) => await c.Response.WriteAsync(Convert.ToHexString(await SHA256.HashDataAsync(c.Request.Body))));
        app.MapGet("/bytes/{count:int}", async (HttpContext c, int count) =>
        {
            c.Response.ContentLength = count;
            var block = Pattern(64 * 1024);
            for (var written = 0; written < count; written += block.Length)
            {
                await c.Response.Body.WriteAsync(block.AsMemory(0, Math.Min(block.Length, count - written)));
            }
        });
        app.MapGet("/held", async () =>
        {
            server.HeldArrived.TrySetResult();
            await server.ReleaseHeld.Task;
            return "released";
        });
        await app.StartAsync();
        var ports = app.Urls.Select(u => new Uri(u).Port).ToList();
        server.HttpPort = ports[0];
        server.EchoPort = ports[1];
        return server;
    }

    /// <summary>The bytes <c>/bytes/N</c> sends, repeated: 0, 1, ... 250, 0, 1, ...</summary>
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }

        return bytes;
    }

    /// <summary>A connected socket to <paramref name="port"/>.</summary>
    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    /// <summary>Reads until the peer ends its side; what arrived.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var all = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        ReleaseHeld.TrySetResult();
        await _app.DisposeAsync();
    }

    private sealed class EchoHandler : ConnectionHandler
    {
        public IoUringServer? Server { get; set; }

        public override async Task OnConnectedAsync(ConnectionContext connection)
        {
            var input = connection.Transport.Input;
            var output = connection.Transport.Output;
            Exception? ended = null;
            try
            {
                while (true)
                {
                    var result = await input.ReadAsync();
                    foreach (var segment in result.Buffer)
                    {
                        await output.WriteAsync(segment);
                    }

                    input.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }

                await output.WriteAsync("<eof>"u8.ToArray());
            }
            catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException)
            {
                ended = e;
            }

            Server!.EchoInputEnded.Writer.TryWrite(ended);
        }
    }
}
