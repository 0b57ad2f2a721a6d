using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Atrium.Catalog;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Gateway.Configuration;
using Atrium.Identity;
using Atrium.Ordering;
using Atrium.Payments;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Atrium.Tests.Deployment;

/// <summary>
/// What the binary makes of a workload's container: its environment resolved as the kubelet would (fieldRefs,
/// Secrets from <c>secrets.example.yaml</c>, <c>$(NAME)</c>), its config file from the mounted ConfigMap, loaded with
/// the binary's own schema and <c>ATRIUM__*</c> overlay, and from that the listeners each module opens and the peers
/// it calls.
/// </summary>
internal sealed partial class WorkloadConfig
{
    /// <summary>The address the kubelet gives the pod, for status.podIP.</summary>
    public const string PodIp = "10.1.2.3";

    private WorkloadConfig(Workload workload, ImageBinary binary, IReadOnlyList<string> modules, IReadOnlyDictionary<string, string?> environment, ConfigLoadResult loaded)
    {
        Workload = workload;
        Binary = binary;
        Modules = modules;
        Environment = environment;
        Loaded = loaded;
    }

    public Workload Workload { get; }

    /// <summary>The binary the container's image runs.</summary>
    public ImageBinary Binary { get; }

    /// <summary>The modules the container's <c>run --target=...</c> starts.</summary>
    public IReadOnlyList<string> Modules { get; }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public ConfigLoadResult Loaded { get; }

    public AtriumConfig Config => Loaded.Config ?? throw new ShouldAssertException(
        $"{Workload.Name}: the config does not load:\n{string.Join('\n', Loaded.Errors.Select(e => e.ToString()))}");

    public static WorkloadConfig Load(Workload workload, RenderedManifests manifests, IReadOnlyList<JsonObject> secrets)
    {
        var environment = ResolveEnvironment(workload, secrets);
        var binary = ImageBinary.Of((string?)workload.Container["image"] ?? throw new ShouldAssertException($"{workload.Name}: no image"));
        var targets = RunTargets(workload, binary, environment);
        var resolution = binary.Registry().Resolve(targets, binary.DefaultTarget);
        resolution.Errors.ShouldBeEmpty($"{workload.Name}: its --target");
        var modules = resolution.StartOrder.Where(m => m.Visibility == Chassis.Modularity.ModuleVisibility.Public && m.Init is not null)
            .Select(m => m.Name).ToList();

        var configPath = environment.GetValueOrDefault("ATRIUM_CONFIG") ?? throw new ShouldAssertException($"{workload.Name}: ATRIUM_CONFIG is not set");
        var text = ConfigFileText(workload, manifests, configPath);
        var loaded = ConfigLoader.Load(text, configPath, binary.Schema(), ConfigEnvironment.From(environment));
        return new WorkloadConfig(workload, binary, modules, environment, loaded);
    }

    /// <summary>Every listener of the modules this pod runs, and whether it serves /healthz, /readyz and /metrics.</summary>
    public IReadOnlyList<(string Module, ListenAddress Address, bool Chassis)> Listeners()
    {
        var listeners = new List<(string, ListenAddress, bool)>();
        foreach (var module in Modules)
        {
            if (module == Atrium.Modules.Gateway)
            {
                var gateway = Config.Get<GatewayOptions>(GatewayOptions.Section);
                // The proxy listener serves routes only; the admin listener has the process's health and metrics.
                listeners.AddRange(gateway.Listen.Select(l => (module, Parse(l), false)));
                listeners.AddRange(gateway.Admin.Listen.Select(l => (module, Parse(l), true)));
            }
            else
            {
                listeners.AddRange(ServiceListen(module).Select(l => (module, Parse(l), true)));
            }
        }

        return listeners;
    }

    /// <summary>The listeners a probe or a scrape from outside the pod reaches: on HTTP/1.1, not on loopback.</summary>
    public IEnumerable<(string Module, ListenAddress Address, bool Chassis)> ReachableHttp1() =>
        Listeners().Where(l => !IsLoopback(l.Address) && l.Address.Protocols == HttpProtocols.Http1);

    /// <summary>The URLs each module of this pod calls, and whether it calls them over gRPC (h2c) or HTTP/1.1.</summary>
    public IReadOnlyList<(string Module, Uri Url, bool Grpc)> Peers()
    {
        var peers = new List<(string, string, bool)>();
        foreach (var module in Modules)
        {
            switch (module)
            {
                case Atrium.Modules.Gateway:
                    var gateway = Config.Get<GatewayOptions>(GatewayOptions.Section);
                    peers.AddRange(gateway.Clusters.Values.SelectMany(c => c.Endpoints).Select(e => (module, e, false)));
                    if (gateway.Auth.Jwt is { } jwt)
                    {
                        peers.Add((module, jwt.JwksUrl, false));
                    }

                    break;
                case Atrium.Modules.Catalog:
                    peers.Add((module, Config.Get<CatalogOptions>(module).Auth.JwksUrl, false));
                    break;
                case Atrium.Modules.Payments:
                    var payments = Config.Get<PaymentsOptions>(module);
                    peers.AddRange([(module, payments.Auth.JwksUrl, false), (module, payments.Client.TokenUrl, false), (module, payments.OrderingAddress, true)]);
                    break;
                case Atrium.Modules.Ordering:
                    var ordering = Config.Get<OrderingOptions>(module);
                    peers.AddRange([(module, ordering.Auth.JwksUrl, false), (module, ordering.Client.TokenUrl, false),
                        (module, ordering.IdentityAddress, true), (module, ordering.CatalogAddress, true), (module, ordering.PaymentsAddress, true)]);
                    break;
            }
        }

        return peers.Select(p => (p.Item1, new Uri(p.Item2), p.Item3)).ToList();
    }

    public static bool IsLoopback(ListenAddress address) => address.Address is { } ip && IPAddress.IsLoopback(ip)
        || address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    private List<string> ServiceListen(string module) => module switch
    {
        Atrium.Modules.Identity => Config.Get<IdentityOptions>(module).Listen,
        Atrium.Modules.Catalog => Config.Get<CatalogOptions>(module).Listen,
        Atrium.Modules.Payments => Config.Get<PaymentsOptions>(module).Listen,
        Atrium.Modules.Ordering => Config.Get<OrderingOptions>(module).Listen,
        _ => throw new ShouldAssertException($"no listeners known for module {module}"),
    };

    /// <summary>
    /// The container's command line as the kubelet makes it from the image (<c>command</c> replaces the entrypoint and
    /// drops the image's CMD, <c>args</c> replaces the CMD), parsed by the image's binary: the executable must be the
    /// image's entrypoint, every flag one it knows, and the command <c>run</c>.
    /// </summary>
    private static string[] RunTargets(Workload workload, ImageBinary binary, IReadOnlyDictionary<string, string?> environment)
    {
        static string[]? Strings(JsonNode? node) => (node as JsonArray)?.Select(a => (string)a!).ToArray();
        var command = Strings(workload.Container["command"]);
        var args = Strings(workload.Container["args"]) ?? (command is null ? [.. binary.Command] : []);
        var argv = (command ?? [.. binary.Entrypoint]).Concat(args).ToList();
        argv[0].ShouldBe(binary.Entrypoint[0], $"{workload.Name}: runs {argv[0]}, but image {binary.Name}'s binary is {binary.Entrypoint[0]}");

        var parsed = binary.Cli(environment).Parse(argv.Skip(1).ToArray());
        parsed.Errors.Select(e => e.Message).ShouldBeEmpty($"{workload.Name}: {binary.Name} refuses its command line {string.Join(' ', argv)}");
        parsed.CommandResult.Command.Name.ShouldBe("run", $"{workload.Name}: {string.Join(' ', argv)} does not run modules");
        return parsed.GetValue<string[]>("--target") ?? [];
    }

    private static ListenAddress Parse(string value) =>
        ListenAddress.TryParse(value, out var address, out var error) ? address! : throw new ShouldAssertException(error);

    private static string ConfigFileText(Workload workload, RenderedManifests manifests, string configPath)
    {
        var mounted = workload.MountOf(configPath) ?? throw new ShouldAssertException($"{workload.Name}: nothing is mounted at {configPath}");
        var configMap = (string?)mounted.Volume?["configMap"]?["name"] ?? throw new ShouldAssertException($"{workload.Name}: {configPath} is not on a ConfigMap");
        var mountPath = (string)mounted.Mount["mountPath"]!;
        var key = configPath[(mountPath.Length + 1)..];
        return (string?)manifests.Get("ConfigMap", configMap)["data"]?[key]
            ?? throw new ShouldAssertException($"{workload.Name}: ConfigMap {configMap} has no key {key}");
    }

    private static Dictionary<string, string?> ResolveEnvironment(Workload workload, IReadOnlyList<JsonObject> secrets)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var variable in Workload.Items(workload.Container, "env"))
        {
            var name = (string)variable["name"]!;
            if (variable["value"] is { } value)
            {
                // As the kubelet expands $(NAME): variables defined earlier in the list only.
                environment[name] = Reference().Replace((string)value!, m => environment.TryGetValue(m.Groups[1].Value, out var v) ? v ?? "" : m.Value);
            }
            else if (variable["valueFrom"]?["fieldRef"] is { } field)
            {
                ((string)field["fieldPath"]!).ShouldBe("status.podIP", $"{workload.Name}: {name}");
                environment[name] = PodIp;
            }
            else if (variable["valueFrom"]?["secretKeyRef"] is { } reference)
            {
                var secret = secrets.FirstOrDefault(s => RenderedManifests.Name(s) == (string)reference["name"]!);
                var data = (string?)secret?["stringData"]?[(string)reference["key"]!];
                if (data is null && reference["optional"]?.GetValue<bool>() != true)
                {
                    throw new ShouldAssertException($"{workload.Name}: {name} reads Secret {reference["name"]} key {reference["key"]}, which secrets.example.yaml does not list");
                }

                if (data is not null)
                {
                    environment[name] = data;
                }
            }
            else
            {
                throw new ShouldAssertException($"{workload.Name}: {name} has a source these tests do not resolve");
            }
        }

        return environment;
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
