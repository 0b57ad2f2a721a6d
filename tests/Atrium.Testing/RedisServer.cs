using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Atrium.Testing;

/// <summary>
/// A real Redis (Debian's <c>redis-server</c>, which <c>./test.sh</c> installs) on a free loopback port, without
/// persistence, its working directory a temp directory of its own. Ready when it answers <c>PING</c>; it can be
/// stopped (killed, as an outage) and started again on the same port, and is killed and deleted on dispose.
/// </summary>
public sealed class RedisServer : ThrowawayServer
{
    private const string Binary = "/usr/bin/redis-server";

    private readonly string _password;

    private RedisServer(string root, int port, string password)
        : base(Binary, "redis-server", root)
    {
        Port = port;
        _password = password;
    }

    /// <summary>The port on 127.0.0.1; the same after a stop and start.</summary>
    public int Port { get; }

    /// <summary>The endpoint as <c>gateway.redis.endpoints</c> takes it, e.g. <c>127.0.0.1:6380</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Starts a server of its own for one test; with a password, clients must <c>AUTH</c>.</summary>
    public static async Task<RedisServer> StartNewAsync(string password = "")
    {
        var server = new RedisServer(NewRoot(Binary, "redis-server", "atrium-redis-"), FreePort.Next(), password);
        await server.StartAsync();
        return server;
    }

    /// <summary>Sends one command over a new connection (after <c>AUTH</c> when there is a password) and returns the first line of the reply.</summary>
    public async Task<string> CommandAsync(params string[] arguments)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", Port);
        var stream = socket.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        if (_password.Length > 0)
        {
            await stream.WriteAsync(Encode(["AUTH", _password]));
            await reader.ReadLineAsync();
        }

        await stream.WriteAsync(Encode(arguments));
        return await reader.ReadLineAsync() ?? "";
    }

    // Started again it is empty: nothing is saved.
    private protected override IEnumerable<string> Arguments()
    {
        string[] arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Root,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
        ];
        return _password.Length > 0 ? [.. arguments, "--requirepass", _password] : arguments;
    }

    private protected override async Task<bool> IsReadyAsync()
    {
        try
        {
            return (await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            // Not listening yet.
            return false;
        }
    }

    private static byte[] Encode(string[] arguments)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
