using System.Text.Json.Nodes;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Health;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Telemetry.Logging;
using Atrium.Gateway.Configuration;
using Atrium.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Atrium.Tests.Deployment;

/// <summary>
/// deploy/kubernetes: each overlay renders, every object passes the pinned Kubernetes schema, and what the manifests
/// say about ports, probes, peers and settings is what the binary serves and reads (its config schema, defaults and
/// environment overlay, loaded from the rendered ConfigMap and environment as a pod would).
/// </summary>
public class KubernetesManifestsTests
{
    public static TheoryData<string> Overlays => new() { "monolithic", "microservices" };

    private const string MetricsPath = "/metrics";

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_EachOverlay_EveryObjectPassesThePinnedKubernetesSchema(string overlay)
    {
        var manifests = await KubernetesOverlay.RenderAsync(overlay);

        manifests.Workloads.ShouldNotBeEmpty();
        manifests.OfKind("NetworkPolicy").ShouldNotBeEmpty();
        manifests.OfKind("PodDisruptionBudget").ShouldNotBeEmpty();
        var examples = await ExampleSecretsAsync();
        examples.ShouldAllBe(s => RenderedManifests.Kind(s) == "Secret");
    }

    [Fact]
    public async Task Validate_ObjectAgainstTheSchema_RefusesAWrongType()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(
            KubernetesOverlay.ValidateAsync("apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: http}]}\n"));

        error.Message.ShouldContain("v1/Service x: data/spec/ports/0/port must be integer");
    }

    [Fact]
    public async Task Validate_FieldTheKindDoesNotDefine_RefusesItByPath()
    {
        // The OpenAPI schema alone lets unknown fields through; an API server validating strictly would not.
        var error = await Should.ThrowAsync<InvalidOperationException>(KubernetesOverlay.ValidateAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x}
            spec:
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec:
                  containers: [{name: c, image: i, readinesProbe: {httpGet: {path: /readyz, port: 80}}}]
            """));

        error.Message.ShouldContain("apps/v1/Deployment x: data/spec/template/spec/containers/0/readinesProbe is not a field of its kind");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_EachWorkload_ConfigAndEnvironmentLoadWithTheBinarysSchema(string overlay)
    {
        foreach (var config in await ConfigsAsync(await KubernetesOverlay.RenderAsync(overlay)))
        {
            config.Loaded.Errors.ShouldBeEmpty($"{config.Workload.Name}: {string.Join('\n', config.Loaded.Errors)}");
            config.Environment.Keys.Where(k => k.StartsWith("ATRIUM", StringComparison.Ordinal) && !k.StartsWith("ATRIUM__", StringComparison.Ordinal))
                .ShouldBeSubsetOf(["ATRIUM_CONFIG", "ATRIUM_ADMIN_PASSWORD"], config.Workload.Name);
            // Mounted as a directory: a subPath mount never sees the kubelet's symlink swap, so no reload would follow.
            config.Workload.MountOf(config.Environment["ATRIUM_CONFIG"]!)!.Value.Mount["subPath"].ShouldBeNull();
            config.Workload.IsWritable(config.Config.Get<AtriumHostOptions>(AtriumHostOptions.Section).DataDirectory)
                .ShouldBeTrue($"{config.Workload.Name}: host.dataDirectory is not on a writable volume");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_EachWorkload_RunsTheImageWhoseBinaryServesItsTargets(string overlay)
    {
        // Loading a workload's config parses its command line with its image's binary (a flag that binary does not
        // know, or an executable that is not the image's entrypoint, fails there); this checks which image it is.
        foreach (var config in await ConfigsAsync(await KubernetesOverlay.RenderAsync(overlay)))
        {
            var gatewayAlone = config.Modules.SequenceEqual([Atrium.Modules.Gateway]);
            config.Binary.Name.ShouldBe(gatewayAlone ? "atrium-gateway" : "atrium",
                $"{config.Workload.Name} runs {string.Join(", ", config.Modules)}: the gateway alone runs the Native AOT gateway image, the rest atrium");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_ConfigMap_KeepsTheEmbeddedDefaultsBeyondHostAndLogging(string overlay)
    {
        // A config file replaces the embedded defaults: a section it lacked would lose them (the gateway its routes).
        var text = (string)(await KubernetesOverlay.RenderAsync(overlay)).Get("ConfigMap", "atrium-config")["data"]!["atrium.yaml"]!;
        var schema = Atrium.Modules.CreateConfigSchema();

        var mounted = ConfigLoader.Load(text, "atrium-config", schema, ConfigEnvironment.Empty);
        var embedded = ConfigLoader.Load(Atrium.Commands.ConfigSource.ReadEmbedded(), AtriumConfig.EmbeddedSource, schema, ConfigEnvironment.Empty);

        mounted.Errors.ShouldBeEmpty();
        JsonNode.DeepEquals(WithoutHostAndLogging(mounted.Config!), WithoutHostAndLogging(embedded.Config!)).ShouldBeTrue(
            "deploy/kubernetes/base/atrium.yaml differs from config/atrium.yaml outside host and logging: copy the change over");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_EachWorkload_ContainerPortsAreTheListenersReachableOnThePodAddress(string overlay)
    {
        foreach (var config in await ConfigsAsync(await KubernetesOverlay.RenderAsync(overlay)))
        {
            var reachable = config.Listeners().Where(l => !WorkloadConfig.IsLoopback(l.Address)).ToList();
            config.Workload.Ports.Values.Order().ShouldBe(reachable.Select(l => l.Address.Port).Order(), config.Workload.Name);
            foreach (var (name, port) in config.Workload.Ports)
            {
                var listener = reachable.Single(l => l.Address.Port == port);
                // A port named grpc is an h2c listener, every other one HTTP/1.1.
                (listener.Address.Protocols == HttpProtocols.Http2).ShouldBe(name == "grpc", $"{config.Workload.Name}: port {name} ({port})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_EachWorkload_ProbesAskTheListenerWithTheProcessHealth(string overlay)
    {
        foreach (var config in await ConfigsAsync(await KubernetesOverlay.RenderAsync(overlay)))
        {
            // The gateway's admin listener answers for the process; a service alone answers on its own HTTP listener.
            var health = config.ReachableHttp1().Where(l => l.Chassis && (l.Module == Atrium.Modules.Gateway || !config.Modules.Contains(Atrium.Modules.Gateway)))
                .Select(l => l.Address.Port).ToList();
            foreach (var (probe, path) in new[] { ("startupProbe", HealthEndpoints.LivenessPath), ("livenessProbe", HealthEndpoints.LivenessPath), ("readinessProbe", HealthEndpoints.ReadinessPath) })
            {
                var get = config.Workload.Container[probe]?["httpGet"] ?? throw new ShouldAssertException($"{config.Workload.Name}: no {probe} httpGet");
                ((string)get["path"]!).ShouldBe(path, $"{config.Workload.Name}: {probe}");
                health.ShouldContain(config.Workload.PortNumber(get["port"]!), $"{config.Workload.Name}: {probe}'s port");
            }

            if (config.Modules.Contains(Atrium.Modules.Gateway))
            {
                // Probes and scrapes name the pod's address in Host; the admin listener answers only hosts it allows.
                config.Config.Get<GatewayOptions>(GatewayOptions.Section).Admin.AllowedHosts.ShouldContain(WorkloadConfig.PodIp, config.Workload.Name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_EachService_TargetsListenersAndScrapesAModulesMetrics(string overlay)
    {
        var manifests = await KubernetesOverlay.RenderAsync(overlay);
        var configs = await ConfigsAsync(manifests);
        foreach (var service in manifests.OfKind("Service"))
        {
            var name = RenderedManifests.Name(service);
            var selected = manifests.Selected(service["spec"]!["selector"]!.AsObject()).Select(w => configs.Single(c => c.Workload == w)).ToList();
            selected.ShouldNotBeEmpty($"Service {name} selects no pods");
            foreach (var config in selected)
            {
                foreach (var port in Workload.Items(service["spec"]!.AsObject(), "ports"))
                {
                    config.Workload.PortNumber(port["targetPort"]!).ShouldBe((int)port["port"]!, $"Service {name} port {port["name"]}: the Service port is the listener's, as the peers' URLs say");
                }

                if (service["metadata"]!["annotations"]?["prometheus.io/scrape"] is not null)
                {
                    ((string)service["metadata"]!["annotations"]!["prometheus.io/path"]!).ShouldBe(MetricsPath);
                    var port = int.Parse((string)service["metadata"]!["annotations"]!["prometheus.io/port"]!, System.Globalization.CultureInfo.InvariantCulture);
                    config.ReachableHttp1().Where(l => l.Chassis).Select(l => l.Address.Port).ShouldContain(port, $"Service {name}: the scraped port serves no module's {MetricsPath}");
                }
            }
        }

        // Every module's series are scraped somewhere.
        var scraped = manifests.OfKind("Service").Where(s => s["metadata"]!["annotations"]?["prometheus.io/port"] is not null)
            .SelectMany(s => manifests.Selected(s["spec"]!["selector"]!.AsObject()).Select(w => (w, int.Parse((string)s["metadata"]!["annotations"]!["prometheus.io/port"]!, System.Globalization.CultureInfo.InvariantCulture))))
            .ToHashSet();
        foreach (var config in configs)
        {
            foreach (var module in config.Modules)
            {
                config.ReachableHttp1().Where(l => l.Module == module && l.Chassis).Any(l => scraped.Contains((config.Workload, l.Address.Port)))
                    .ShouldBeTrue($"{config.Workload.Name}: no Service scrapes {module}'s {MetricsPath}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_EachPeerUrl_ReachesAListenerOfTheRightProtocolThroughTheNetworkPolicies(string overlay)
    {
        var manifests = await KubernetesOverlay.RenderAsync(overlay);
        var configs = await ConfigsAsync(manifests);
        var admitted = new List<(Workload Caller, Workload Callee, int Port)>();
        foreach (var caller in configs)
        {
            foreach (var (module, url, grpc) in caller.Peers())
            {
                var protocol = grpc ? HttpProtocols.Http2 : HttpProtocols.Http1;
                if (url.IsLoopback)
                {
                    caller.Listeners().ShouldContain(l => l.Address.Port == url.Port && l.Address.Protocols == protocol, $"{caller.Workload.Name}: {module} calls {url}, which no module of the pod serves");
                    continue;
                }

                var service = manifests.Get("Service", url.Host);
                var port = Workload.Items(service["spec"]!.AsObject(), "ports").SingleOrDefault(p => (int)p["port"]! == url.Port)
                    ?? throw new ShouldAssertException($"{caller.Workload.Name}: {module} calls {url}, but Service {url.Host} has no port {url.Port}");
                foreach (var callee in manifests.Selected(service["spec"]!["selector"]!.AsObject()).Select(w => configs.Single(c => c.Workload == w)))
                {
                    var number = callee.Workload.PortNumber(port["targetPort"]!);
                    callee.Listeners().ShouldContain(l => l.Address.Port == number && l.Address.Protocols == protocol && !WorkloadConfig.IsLoopback(l.Address),
                        $"{caller.Workload.Name}: {module} calls {url} over {protocol}, which {callee.Workload.Name} does not serve on its pod address");
                    Admits(manifests, callee.Workload, caller.Workload, number).ShouldBeTrue($"no NetworkPolicy lets {caller.Workload.Name} reach {callee.Workload.Name}:{number} ({url})");
                    admitted.Add((caller.Workload, callee.Workload, number));
                }
            }
        }

        // gRPC ports admit exactly the callers whose config calls them; only the edge's proxy port is open to all.
        foreach (var callee in configs)
        {
            foreach (var (name, number) in callee.Workload.Ports)
            {
                var open = Admits(manifests, callee.Workload, caller: null, number);
                open.ShouldBe(name == "http" && callee.Modules.Contains(Atrium.Modules.Gateway), $"{callee.Workload.Name}:{name} open to every caller");
                if (name == "grpc")
                {
                    var callers = configs.Where(c => c != callee && Admits(manifests, callee.Workload, c.Workload, number)).Select(c => c.Workload.Name);
                    callers.Order().ShouldBe(admitted.Where(a => a.Callee == callee.Workload && a.Port == number).Select(a => a.Caller.Name).Distinct().Order(),
                        $"{callee.Workload.Name}'s gRPC port");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Render_EachWorkload_RunsRestrictedAndOutlastsTheShutdownTimeout(string overlay)
    {
        var manifests = await KubernetesOverlay.RenderAsync(overlay);
        foreach (var config in await ConfigsAsync(manifests))
        {
            var workload = config.Workload;
            var pod = workload.PodSpec["securityContext"]!;
            var container = workload.Container["securityContext"]!;
            ((bool)pod["runAsNonRoot"]!).ShouldBeTrue(workload.Name);
            ((string)pod["seccompProfile"]!["type"]!).ShouldBe("RuntimeDefault", workload.Name);
            ((bool)container["readOnlyRootFilesystem"]!).ShouldBeTrue(workload.Name);
            ((bool)container["allowPrivilegeEscalation"]!).ShouldBeFalse(workload.Name);
            container["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!).ShouldBe(["ALL"], workload.Name);
            workload.IsWritable("/tmp").ShouldBeTrue($"{workload.Name}: /tmp is not writable");
            workload.Container["resources"]!["requests"]!["cpu"].ShouldNotBeNull(workload.Name);
            workload.Container["resources"]!["limits"]!["memory"].ShouldNotBeNull(workload.Name);

            var shutdown = config.Config.Get<AtriumHostOptions>(AtriumHostOptions.Section).ShutdownTimeout;
            ((int)workload.PodSpec["terminationGracePeriodSeconds"]!).ShouldBeGreaterThan((int)shutdown.TotalSeconds, workload.Name);
            manifests.OfKind("PodDisruptionBudget").ShouldContain(p => manifests.Selected(p["spec"]!["selector"]!.AsObject()).Contains(workload), $"{workload.Name}: no PodDisruptionBudget");
        }

        if (overlay == "microservices")
        {
            ((string)manifests.Get("HorizontalPodAutoscaler", "atrium-gateway")["spec"]!["scaleTargetRef"]!["name"]!).ShouldBe("atrium-gateway");
            manifests.Get("Deployment", "atrium-gateway")["spec"]!["replicas"].ShouldBeNull("the autoscaler owns the gateway's replicas");
        }
    }

    /// <summary>
    /// Whether the callee's policies let <paramref name="caller"/> (null: a client outside the namespace) reach
    /// <paramref name="port"/>: a rule without <c>from</c>, or with a podSelector the caller's labels match.
    /// </summary>
    private static bool Admits(RenderedManifests manifests, Workload callee, Workload? caller, int port) =>
        manifests.OfKind("NetworkPolicy")
            .Where(p => manifests.Selected(p["spec"]!["podSelector"]!.AsObject()).Contains(callee))
            .SelectMany(p => Workload.Items(p["spec"]!.AsObject(), "ingress"))
            .Where(rule => rule["ports"] is not JsonArray ports || ports.Any(p => callee.PortNumber(p!["port"]!) == port))
            .Any(rule => rule["from"] is not JsonArray from
                || (caller is not null && from.Any(f => f!["podSelector"] is JsonObject selector && f["namespaceSelector"] is null
                    && manifests.Selected(selector).Contains(caller))));

    private static JsonObject WithoutHostAndLogging(AtriumConfig config)
    {
        var json = JsonNode.Parse(config.ToRedactedJson())!.AsObject();
        json.Remove(AtriumHostOptions.Section);
        json.Remove(LoggingOptions.Section);
        return json;
    }

    private static Task<IReadOnlyList<JsonObject>> ExampleSecretsAsync() =>
        KubernetesOverlay.ValidateAsync(File.ReadAllText(RepositoryRoot.File("deploy", "kubernetes", "overlays", "microservices", "secrets.example.yaml")));

    private static async Task<IReadOnlyList<WorkloadConfig>> ConfigsAsync(RenderedManifests manifests)
    {
        var secrets = await ExampleSecretsAsync();
        return manifests.Workloads.Select(w => WorkloadConfig.Load(w, manifests, secrets)).ToList();
    }
}
