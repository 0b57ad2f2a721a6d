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
public sealed class EtcdServer : ThrowawayServer
{
    private const string Binary = "/usr/bin/etcd";

    private readonly int _peerPort;

    private EtcdServer(string root, int clientPort, int peerPort)
        : base(Binary, "etcd", root)
    {
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
        var server = new EtcdServer(NewRoot(Binary, "etcd-server", "atrium-etcd-"), FreePort.Next(), FreePort.Next());
        await server.StartAsync();
        return server;
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

    // Started again it finds its data as it left it.
    private protected override IEnumerable<string> Arguments()
    {
        var client = Endpoint;
        var peer = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_peerPort}");
        return
        [
            "--name", "atrium-test", "--data-dir", Path.Combine(Root, "data"),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "atrium-test=" + peer,
        ];
    }

    private protected override async Task<bool> IsReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (await http.GetStringAsync(new Uri(Endpoint + "/health"))).Contains("\"true\"", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet.
            return false;
        }
    }
}
