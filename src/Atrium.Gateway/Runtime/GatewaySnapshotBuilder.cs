using System.Text.Json;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Health;
using Atrium.Gateway.LoadBalancing;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;
using Atrium.Gateway.Transforms;

namespace Atrium.Gateway.Runtime;

/// <summary>
/// Compiles a <see cref="GatewayOptions"/> into a <see cref="GatewaySnapshot"/>, reusing clusters whose config did not
/// change so their warm connections survive a reload.
/// </summary>
internal static class GatewaySnapshotBuilder
{
    public static GatewaySnapshot Build(
        GatewayOptions options, IReadOnlyDictionary<string, ClusterState>? previous, ProxyPipeline pipeline, ClusterServices services,
        PolicyCompiler policyCompiler, out List<ClusterState> created)
    {
        created = [];
        var clusters = new Dictionary<string, ClusterState>(StringComparer.Ordinal);
        var healthChecks = new ClusterHealthChecks(services);
        foreach (var (name, config) in options.Clusters)
        {
            var fingerprint = JsonSerializer.Serialize(config, GatewayConfigJson.Default.ClusterConfig);
            if (previous is not null && previous.TryGetValue(name, out var existing) && existing.Fingerprint == fingerprint)
            {
                clusters[name] = existing;
                continue;
            }

            var state = new ClusterState(name, config, fingerprint, services, LoadBalancingPolicyFactory.Create, healthChecks);
            created.Add(state);
            clusters[name] = state;
        }

        var policies = policyCompiler.Compile(options, clusters);
        var routes = new List<CompiledRoute>(options.Routes.Count);
        for (var i = 0; i < options.Routes.Count; i++)
        {
            var config = options.Routes[i];
            // Validation ran these same compilers; a failure here is a bug, not bad input.
            if (!PathPattern.TryCreate(config.Match, out var path, out var error)
                || !RouteTransforms.TryCreate(config.Transforms, path!.ParameterNames, out var transforms, out error))
            {
                throw new InvalidOperationException($"routes[{i}] passed validation but does not compile: {error}");
            }

            routes.Add(new CompiledRoute(config, i, path!, transforms!, clusters[config.Cluster])
            {
                Policies = policies[config.Id],
            });
        }

        return new GatewaySnapshot(options, new RouteTable(routes), clusters, new ForwardedHeaders(options.TrustedProxies), pipeline);
    }
}
