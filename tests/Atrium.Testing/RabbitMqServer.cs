using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Atrium.Testing;

/// <summary>
/// A real RabbitMQ node for the tests of one process: Debian's <c>rabbitmq-server</c> (which <c>.ci/run</c> installs)
/// run from its own temp directory (database, logs, config, and the HOME that holds its Erlang cookie), with a node
/// name of its own, a private <c>epmd</c>, and the AMQP and distribution ports on free loopback ports. The shared node
/// starts once on first use; <see cref="StartNewAsync"/> gives a test a node of its own to stop and start. Every node
/// is killed and deleted when the test process exits.
/// </summary>
/// <remarks>
/// Each test takes a virtual host of its own (<see cref="NewVirtualHost"/>), so test classes share a node and still run
/// in parallel. The virtual hosts come from a definitions file loaded at boot, since making one with
/// <c>rabbitmqctl</c> costs a second or two of an Erlang VM start; past the pool, that is what happens. The node runs
/// as the <c>rabbitmq</c> user when the tests run as root: the Debian wrapper would switch to it through
/// <c>su</c>, which resets HOME (the cookie) and the working directory.
/// </remarks>
public sealed class RabbitMqServer : IAsyncDisposable
{
    /// <summary>The user every virtual host grants everything to.</summary>
    public const string User = "atrium";

    private const string Password = "atrium";
    private const int PooledVirtualHosts = 48;
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);
    private static readonly Lazy<Task<RabbitMqServer>> SharedServer = new(() => StartNewAsync());

    private readonly string _root;
    private readonly string _serverScript;
    private readonly Dictionary<string, string> _environment;
    private readonly bool _asRoot;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _epmd;
    private Process? _server;
    private int _nextVirtualHost;
    private int _disposed;

    private RabbitMqServer(string root, string serverScript, Dictionary<string, string> environment, int port, bool asRoot)
    {
        _root = root;
        _serverScript = serverScript;
        _environment = environment;
        Port = port;
        _asRoot = asRoot;
    }

    /// <summary>The node of this test process, started on first use. Never stop it: other test classes use it.</summary>
    public static Task<RabbitMqServer> Shared => SharedServer.Value;

    /// <summary>The node's AMQP port on 127.0.0.1; the same after a stop and start.</summary>
    public int Port { get; }

    /// <summary>Whether the node is running (between <see cref="StartAsync"/> and <see cref="StopAsync"/>).</summary>
    public bool IsRunning => _server is { HasExited: false };

    /// <summary>Starts a node of the caller's own (for tests that stop it); dispose it when done.</summary>
    public static async Task<RabbitMqServer> StartNewAsync()
    {
        var asRoot = Environment.UserName == "root";
        var server = FindServer();
        RabbitMqOrphans.Remove(OwnerFile);
        for (var attempt = 1; ; attempt++)
        {
            var node = Create(server, asRoot);
            try
            {
                await node.StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => node.Kill();
                return node;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another test took one of the ports between FreePort and the bind.
                node.Kill();
            }
        }
    }

    /// <summary>A virtual host no other test uses, with its AMQP URI as the user <see cref="User"/>.</summary>
    public RabbitMqVirtualHost NewVirtualHost()
    {
        var n = Interlocked.Increment(ref _nextVirtualHost);
        var name = n <= PooledVirtualHosts ? VirtualHostName(n) : $"t-{Guid.NewGuid():N}";
        if (n > PooledVirtualHosts)
        {
            Ctl("add_vhost", name);
            Ctl("set_permissions", "-p", name, User, ".*", ".*", ".*");
        }

        return new RabbitMqVirtualHost(name, Uri(name));
    }

    /// <summary>Runs <c>rabbitmqctl</c> against this node (an Erlang VM start: a second or two) and returns its output.</summary>
    /// <exception cref="InvalidOperationException">It exited with an error.</exception>
    public string Ctl(params string[] arguments)
    {
        var ctl = Path.Combine(Path.GetDirectoryName(_serverScript)!, "rabbitmqctl");
        return RunToEnd(ctl, ["-n", _environment["RABBITMQ_NODENAME"], "-q", .. arguments], _asRoot, _environment);
    }

    /// <summary>The AMQP URI of <paramref name="virtualHost"/> on this node.</summary>
    public string Uri(string virtualHost) =>
        $"amqp://{User}:{Password}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{System.Uri.EscapeDataString(virtualHost)}";

    /// <summary>Starts the node (again), with its data and ports, and returns once it accepts AMQP connections.</summary>
    /// <exception cref="InvalidOperationException">The node exited during its start (a port was taken, say) or took longer than 5 minutes (the end of its log is in the message).</exception>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (IsRunning)
            {
                return;
            }

            _server?.Dispose();
            _server = Process.Start(Command(_serverScript, [], _asRoot, _environment)) ?? throw new InvalidOperationException("rabbitmq-server did not start.");

            // Its console says little (the log is in log/); read it so that a full pipe never blocks the node.
            _server.OutputDataReceived += static (_, _) => { };
            _server.ErrorDataReceived += static (_, _) => { };
            _server.BeginOutputReadLine();
            _server.BeginErrorReadLine();
            await WaitForListenerAsync(_server);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the node the way a service manager does (SIGTERM) and returns once it has exited.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_server is not { HasExited: false } server)
            {
                return;
            }

            RabbitMqOrphans.Signal(ReadServerPid(), RabbitMqOrphans.SigTerm);
            await server.WaitForExitAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the node and deletes its directory.</summary>
    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private static RabbitMqServer Create(string server, bool asRoot)
    {
        var root = Path.Combine(Path.GetTempPath(), $"atrium-rabbitmq-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        foreach (var dir in (string[])["home", "mnesia", "log"])
        {
            Directory.CreateDirectory(Path.Combine(root, dir));
        }

        var port = FreePort.Next();
        var epmdPort = FreePort.Next();
        File.WriteAllText(Path.Combine(root, "rabbitmq.conf"), string.Join('\n',
            $"listeners.tcp.1 = 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "definitions.import_backend = local_filesystem",
            $"definitions.local.path = {Path.Combine(root, "definitions.json")}",
            "log.console = false",
            "log.file.level = info",
            // The tests' disks may be nearly full; they are about behaviour, not about disk alarms.
            "disk_free_limit.absolute = 1",
            ""));
        File.WriteAllText(Path.Combine(root, "definitions.json"), Definitions());
        File.WriteAllText(Path.Combine(root, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(root, "rabbitmq-env.conf"), "");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Path.Combine(root, "home"),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_NODENAME"] = $"atrium-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}@localhost",
            ["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(root, "rabbitmq-env.conf"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins"),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(root, "server.pid"),
        };
        if (asRoot)
        {
            _ = RunToEnd("chown", ["-R", "rabbitmq:rabbitmq", root], asRabbitMq: false, environment: null);
        }

        var node = new RabbitMqServer(root, server, environment, port, asRoot);
        node.StartEpmd(epmdPort);
        return node;
    }

    // A private epmd, our own child, so that nothing of the node outlives the test process.
    private void StartEpmd(int port)
    {
        var epmd = new ProcessStartInfo(FindEpmd()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-port", port.ToString(CultureInfo.InvariantCulture)])
        {
            epmd.ArgumentList.Add(argument);
        }

        _epmd = Process.Start(epmd) ?? throw new InvalidOperationException("epmd did not start.");
        File.WriteAllText(Path.Combine(_root, "epmd.pid"), _epmd.Id.ToString(CultureInfo.InvariantCulture));
    }

    // The node's directory goes with the server object, so a failed start carries what the node last logged.
    private string LogTail()
    {
        var log = Path.Combine(_root, "log");
        var newest = Directory.Exists(log) ? new DirectoryInfo(log).GetFiles("*.log").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault() : null;
        return newest is null ? "(no log file)" : string.Join('\n', File.ReadLines(newest.FullName).TakeLast(20));
    }

    private async Task WaitForListenerAsync(Process server)
    {
        var deadline = TimeProvider.System.GetUtcNow() + StartTimeout;
        while (true)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited with {server.ExitCode} while starting; the end of its log:\n{LogTail()}");
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException($"rabbitmq-server did not listen on {Port} within {StartTimeout.TotalSeconds} s; the end of its log:\n{LogTail()}");
            }

            // The listeners open once the definitions (users, virtual hosts) are loaded: the last step of the boot.
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
    }

    private int ReadServerPid() =>
        int.Parse(File.ReadAllText(Path.Combine(_root, "server.pid")).Trim(), CultureInfo.InvariantCulture);

    private void Kill()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        RabbitMqOrphans.KillNode(_root);
        _server?.WaitForExit(10_000);
        _server?.Dispose();
        _epmd?.Dispose();
        _gate.Dispose();
    }

    private static ProcessStartInfo Command(string file, IReadOnlyList<string> arguments, bool asRabbitMq, IReadOnlyDictionary<string, string>? environment)
    {
        // runuser resets HOME and friends; env sets them again for the node, as the node must see them.
        var start = new ProcessStartInfo(asRabbitMq ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        var prefix = new List<string>();
        if (asRabbitMq)
        {
            prefix.AddRange(["-u", "rabbitmq", "--", "env"]);
            prefix.AddRange((environment ?? new Dictionary<string, string>()).Select(e => $"{e.Key}={e.Value}"));
            prefix.Add(file);
        }
        else
        {
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }
        }

        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string RunToEnd(string file, IReadOnlyList<string> arguments, bool asRabbitMq, IReadOnlyDictionary<string, string>? environment)
    {
        using var process = Process.Start(Command(file, arguments, asRabbitMq, environment)) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        }

        return output.Result;
    }

    private static string VirtualHostName(int n) => $"t{n.ToString("D3", CultureInfo.InvariantCulture)}";

    private static string Definitions()
    {
        var hosts = Enumerable.Range(1, PooledVirtualHosts).Select(VirtualHostName).ToList();
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""{"users":[{"name":"{{User}}","password":"{{Password}}","tags":"administrator"}],"vhosts":[""");
        json.AppendJoin(',', hosts.Select(h => $$"""{"name":"{{h}}"}"""));
        json.Append("""],"permissions":[""");
        json.AppendJoin(',', hosts.Select(h => $$"""{"user":"{{User}}","vhost":"{{h}}","configure":".*","write":".*","read":".*"}"""));
        json.Append("]}");
        return json.ToString();
    }

    private static string FindServer() =>
        File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server")
            ? "/usr/lib/rabbitmq/bin/rabbitmq-server"
            : throw new InvalidOperationException(
                "RabbitMQ is not installed: the RabbitMQ tests need its server (apt-get install rabbitmq-server; .ci/run does this).");

    private static string FindEpmd() =>
        File.Exists("/usr/bin/epmd") ? "/usr/bin/epmd"
            : Directory.GetFiles("/usr/lib/erlang", "epmd", SearchOption.AllDirectories).FirstOrDefault()
              ?? throw new InvalidOperationException("epmd (erlang-base) is not installed; apt-get install rabbitmq-server brings it.");
}
