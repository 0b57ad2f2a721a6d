using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Atrium.Testing;

/// <summary>
/// A real PostgreSQL server for the tests of one process: the machine's binaries (Debian's <c>postgresql</c> package,
/// which <c>.ci/run</c> installs), a cluster made by <c>initdb</c> in a temp directory, listening on a free loopback
/// port with trust authentication for the role <c>atrium</c>. The shared server starts once on first use;
/// <see cref="StartNewAsync"/> gives a test a server of its own to stop and start. Every server is stopped and deleted
/// when the test process exits. Durability settings are off (<c>fsync</c>): the tests are about behaviour, not about disks.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string OwnerFile = "owner.pid";

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartNewAsync);

    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly string _options;
    private readonly bool _asRoot;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _disposed;

    private PostgresServer(string bin, string root, int port, bool asRoot)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        _asRoot = asRoot;
        Port = port;
        _options = string.Join(' ',
            $"-p {port.ToString(CultureInfo.InvariantCulture)}",
            "-c listen_addresses=127.0.0.1",
            "-c unix_socket_directories=''",
            "-c max_connections=400",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off");
    }

    /// <summary>The server of this test process, started on first use. Never stop it: other test classes use it.</summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <summary>The server's loopback port; the same after a stop and start.</summary>
    public int Port { get; }

    /// <summary>A connection string to a new, not yet created database (the module creates it at start).</summary>
    public string NewDatabase(string prefix) =>
        ConnectionString($"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)]);

    /// <summary>A connection string to <paramref name="database"/> as the trusted role <c>atrium</c>, at most 50 pooled connections.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = "atrium",
            MaxPoolSize = 50,
        }.ToString();

    /// <summary>Makes a cluster and starts a server of the caller's own (for tests that stop it); dispose it when done.</summary>
    public static async Task<PostgresServer> StartNewAsync()
    {
        var bin = FindBinaries();
        var asRoot = Environment.UserName == "root";
        await RemoveOrphanedClustersAsync(bin, asRoot);
        var root = Path.Combine(Path.GetTempPath(), $"atrium-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (asRoot)
        {
            // initdb and postgres refuse to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", Path.Combine(root, "data"), "-U", "atrium", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asRoot);
        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(bin, root, FreePort.Next(), asRoot);
            try
            {
                await server.StartAsync();
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another test took the port between FreePort and the bind.
                continue;
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Delete();
            return server;
        }
    }

    /// <summary>Starts the server (again) on its data and port; returns once it accepts connections (<c>pg_ctl -w</c>).</summary>
    /// <exception cref="InvalidOperationException">It did not start within a minute (its port was taken, say).</exception>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", _options, "start"], _asRoot);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the server the way an operator's fast shutdown does (<c>pg_ctl stop -m fast</c>: open sessions are ended,
    /// their transactions rolled back) and returns once it has exited.
    /// </summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "fast", "-w", "-t", "60", "stop"], _asRoot);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server and deletes its cluster.</summary>
    public ValueTask DisposeAsync()
    {
        Delete();
        return ValueTask.CompletedTask;
    }

    private void Delete()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"], _asRoot).GetAwaiter().GetResult();
            }

            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // The process is exiting or the test is done; a leftover temp directory is all that is lost.
        }
    }

    /// <summary>
    /// Stops and deletes the clusters of earlier test processes that ended without their cleanup (killed by a hang
    /// timeout, say): those whose owning process is gone. A cluster being made by a live test process is left alone.
    /// </summary>
    private static async Task RemoveOrphanedClustersAsync(string bin, bool asRoot)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "atrium-pg-*"))
        {
            try
            {
                var owner = Path.Combine(dir, OwnerFile);
                var data = Path.Combine(dir, "data");
                if (!File.Exists(owner))
                {
                    // Not written yet by a process making it now, or from before owners were recorded: only a stopped
                    // one that is not brand new is safe to delete.
                    if (!File.Exists(Path.Combine(data, "postmaster.pid"))
                        && TimeProvider.System.GetUtcNow().UtcDateTime - Directory.GetCreationTimeUtc(dir) > TimeSpan.FromMinutes(1))
                    {
                        Directory.Delete(dir, recursive: true);
                    }

                    continue;
                }

                if (!int.TryParse(await File.ReadAllTextAsync(owner), CultureInfo.InvariantCulture, out var pid) || Directory.Exists($"/proc/{pid}"))
                {
                    continue;
                }

                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                {
                    await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot);
                }

                Directory.Delete(dir, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Another test process is cleaning it up too, or it is already stopped.
            }
        }
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .ToList()
            : [];
        return versions.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: the PostgreSQL tests need its server binaries (apt-get install postgresql; .ci/run does this).");
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
