using System.Text;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Atrium distributed: the five targets (identity, catalog, payments, ordering, gateway) each in a process of its own
/// with its own data directory, on one config with every peer address pointing at the others' ports, events over
/// RabbitMQ and internal calls carrying service tokens from identity (one client secret file, as
/// <c>deploy/local/up.sh</c> shares it). A target can be killed and started again on its data.
/// </summary>
internal sealed class SplitTopology : IDisposable
{
    /// <summary>The targets in the order they start: identity first, whose keys and tokens the others need.</summary>
    public static readonly IReadOnlyList<string> Targets = ["identity", "catalog", "payments", "ordering", "gateway"];

    private readonly string _root = Directory.CreateTempSubdirectory("atrium-split-").FullName;
    private readonly Dictionary<string, AtriumProcess> _processes = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly string _brokerUri;
    private readonly Func<string, string>? _databases;
    private string _config = "";

    private SplitTopology(HttpClient http, string brokerUri, Func<string, string>? databases)
    {
        _http = http;
        _brokerUri = brokerUri;
        _databases = databases;
    }

    public AtriumPorts Ports { get; private set; } = AtriumPorts.Allocate();

    /// <summary>
    /// Starts every target and returns once each answers <c>/readyz</c> with 200; <paramref name="databases"/> gives each
    /// service's PostgreSQL connection string, the same at every start (null: SQLite files in its data directory).
    /// </summary>
    public static async Task<SplitTopology> StartAsync(HttpClient http, string brokerUri, Func<string, string>? databases)
    {
        var topology = new SplitTopology(http, brokerUri, databases);
        try
        {
            // One secret for both sides of the client-credentials grant, made here as deploy/local/up.sh makes it.
            var secret = Path.Combine(topology._root, "secrets", "ordering");
            Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
            await File.WriteAllTextAsync(secret, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            for (var attempt = 1; ; attempt++)
            {
                topology._config = AtriumConfig.Yaml(topology.Ports, postgres: databases);
                try
                {
                    foreach (var target in Targets)
                    {
                        await topology.StartTargetAsync(target);
                    }

                    return topology;
                }
                catch (InvalidOperationException) when (attempt < 3 && topology._processes.Values.Any(p => p.HasExited))
                {
                    // Ports are picked free and released before atrium binds them; one taken in between makes a
                    // target exit at start. Start them all again on fresh ports.
                    topology.StopAll();
                    topology.Ports = AtriumPorts.Allocate();
                }
            }
        }
        catch
        {
            topology.Dispose();
            throw;
        }
    }

    /// <summary>The token the gateway process generated for its admin listener at first start.</summary>
    public string GatewayAdminToken() => File.ReadAllText(Path.Combine(_root, "gateway", "gateway-admin.token")).Trim();

    /// <summary>The running process of <paramref name="target"/>.</summary>
    public AtriumProcess this[string target] => _processes[target];

    /// <summary>(Re)starts <paramref name="target"/> on its data directory and waits until it is ready.</summary>
    public async Task StartTargetAsync(string target)
    {
        if (_processes.Remove(target, out var old))
        {
            old.Dispose();
        }

        var process = AtriumProcess.RunWith(_config, Environment(target), $"--target={target}");
        _processes[target] = process;
        await process.WaitUntilReadyAsync(_http, target == "gateway" ? Ports.Admin : Ports.Of(target));
    }

    /// <summary>Kills <paramref name="target"/> with SIGKILL, as a crash or an OOM kill would.</summary>
    public void Crash(string target) => _processes[target].Crash();

    /// <summary>Every process's output, for failure messages.</summary>
    public string Transcript()
    {
        var text = new StringBuilder();
        foreach (var (target, process) in _processes)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"===== {target}");
            text.AppendLine(process.Transcript());
        }

        return text.ToString();
    }

    public void Dispose()
    {
        StopAll();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private void StopAll()
    {
        foreach (var process in _processes.Values)
        {
            process.Dispose();
        }

        _processes.Clear();
    }

    private Dictionary<string, string> Environment(string target)
    {
        var secret = Path.Combine(_root, "secrets", "ordering");
        var paymentsSecret = Path.Combine(_root, "secrets", "payments");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ATRIUM__HOST__DATADIRECTORY"] = Path.Combine(_root, target),
            ["ATRIUM__EVENTING__TRANSPORT"] = "rabbitmq",
            ["ATRIUM__EVENTING__RABBITMQ__URI"] = _brokerUri,
            ["ATRIUM__IDENTITY__CLIENTS__0__SECRETFILE"] = secret,
            ["ATRIUM__ORDERING__CLIENT__SECRETFILE"] = secret,
            ["ATRIUM__ORDERING__CLIENT__TOKENURL"] = $"http://127.0.0.1:{Ports.Identity}/connect/token",
            ["ATRIUM__IDENTITY__CLIENTS__1__SECRETFILE"] = paymentsSecret,
            ["ATRIUM__PAYMENTS__CLIENT__SECRETFILE"] = paymentsSecret,
            ["ATRIUM__PAYMENTS__CLIENT__TOKENURL"] = $"http://127.0.0.1:{Ports.Identity}/connect/token",
            ["ATRIUM__PAYMENTS__ORDERINGADDRESS"] = $"http://127.0.0.1:{Ports.OrderingRpc}",
            // The config file has no identity.clients list, so the variables make its entries whole.
            ["ATRIUM__IDENTITY__CLIENTS__0__ID"] = "ordering",
            ["ATRIUM__IDENTITY__CLIENTS__1__ID"] = "payments",
            ["ATRIUM__IDENTITY__CLIENTS__1__SCOPES__0"] = Atrium.Rpc.ServiceScopes.OrderingSagasRead,
        };
        foreach (var (scope, i) in Atrium.Rpc.ServiceScopes.All.Where(s => s != Atrium.Rpc.ServiceScopes.OrderingSagasRead).Select((scope, i) => (scope, i)))
        {
            environment[$"ATRIUM__IDENTITY__CLIENTS__0__SCOPES__{i}"] = scope;
        }

        return environment;
    }
}
