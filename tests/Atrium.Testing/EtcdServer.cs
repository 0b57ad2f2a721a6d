using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Atrium.Testing;

/// <summary>
/// A real etcd server (Debian's <c>etcd-server</c>, <c>/usr/bin/etcd</c>, which <c>./test.sh</c> installs) on free
/// loopback ports with its data in a temp directory of its own. Ready when its <c>/health</c> answers; it can be
/// stopped and started again on the same port with the same data (an outage), and is killed and deleted on dispose.
/// </summary>
public sealed class EtcdServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/etcd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly int _peerPort;
    private Process? _process;
    private string? _lastError;

    private EtcdServer(string root, int clientPort, int peerPort)
    {
        _root = root;
        ClientPort = clientPort;
        _peerPort = peerPort;
    }

    /// <summary>The client port on 127.0.0.1; the same after a stop and start.</summary>
    public int ClientPort { get; }

    /// <summary>The client URL, e.g. <c>http://127.0.0.1:23790</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{ClientPort}";

    /// <summary>Starts a server of its own for one test.</summary>
    public static async Task<EtcdServer> StartNewAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's etcd-server (./test.sh does).");
        }

        var server = new EtcdServer(Directory.CreateTempSubdirectory("atrium-etcd-").FullName, FreePort.Next(), FreePort.Next());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) and waits until <c>/health</c> reports healthy.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var client = Endpoint;
        var peer = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_peerPort}");
        foreach (var argument in new[]
        {
            "--name", "atrium-test", "--data-dir", Path.Combine(_root, "data"),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "atrium-test=" + peer,
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => _lastError = e.Data ?? _lastError;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with {_process.ExitCode}: {_lastError}");
            }

            try
            {
                var health = await http.GetStringAsync(new Uri(client + "/health"));
                if (health.Contains("\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"etcd did not become healthy within {StartTimeout}: {_lastError}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> under <paramref name="key"/> through etcd's own JSON gateway (not Atrium's
    /// client: a write behind the CLI's back) and returns the revision that wrote it.
    /// </summary>
    public async Task<long> PutAsync(string key, string value)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var body = JsonSerializer.Serialize(new
        {
            key = Convert.ToBase64String(Encoding.UTF8.GetBytes(key)),
            value = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)),
        });
        using var response = await http.PostAsync(new Uri(Endpoint + "/v3/kv/put"), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        return long.Parse(JsonNode.Parse(text)!["header"]!["revision"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    /// <summary>Compacts etcd's history up to <paramref name="revision"/>: older revisions can no longer be read.</summary>
    public async Task CompactAsync(long revision)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var body = JsonSerializer.Serialize(new { revision = revision.ToString(CultureInfo.InvariantCulture), physical = true });
        using var response = await http.PostAsync(new Uri(Endpoint + "/v3/kv/compaction"), new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Kills the server (as an outage would) and waits until it is gone; its data stays.</summary>
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
            // A leftover temp directory is harmless.
        }
    }
}
