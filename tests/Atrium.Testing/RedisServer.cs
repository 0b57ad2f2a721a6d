using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Atrium.Testing;

/// <summary>
/// A real Redis (Debian's <c>redis-server</c>, which <c>./test.sh</c> installs) on a free loopback port, without
/// persistence, its working directory a temp directory of its own. Ready when it answers <c>PING</c>; it can be
/// stopped (killed, as an outage) and started again on the same port, and is killed and deleted on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly string _password;
    private Process? _process;
    private string? _lastOutput;

    private RedisServer(string root, int port, string password)
    {
        _root = root;
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
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's redis-server (./test.sh does).");
        }

        var server = new RedisServer(Directory.CreateTempSubdirectory("atrium-redis-").FullName, FreePort.Next(), password);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again, empty) and waits until it answers <c>PING</c>.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new List<string>
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _root,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
        };
        if (_password.Length > 0)
        {
            arguments.AddRange(["--requirepass", _password]);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => _lastOutput = e.Data ?? _lastOutput;
        _process.ErrorDataReceived += (_, e) => _lastOutput = e.Data ?? _lastOutput;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}: {_lastOutput}");
            }

            try
            {
                if ((await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"redis-server did not answer PING within {StartTimeout}: {_lastOutput}");
            }

            await Task.Delay(50);
        }
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

    /// <summary>Kills the server (as an outage would) and waits until it is gone; it loses its data.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is removed with the machine's temp files anyway.
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
