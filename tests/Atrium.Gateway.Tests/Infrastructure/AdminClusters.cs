using System.Text.Json;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>Reads <c>GET /admin/clusters</c>: endpoint states and breaker state.</summary>
internal static class AdminClusters
{
    public static async Task<JsonElement> ClusterAsync(GatewayHost gateway, string cluster)
    {
        using var admin = gateway.AdminClient();
        using var document = JsonDocument.Parse(await admin.GetStringAsync("/admin/clusters"));
        return document.RootElement.GetProperty(cluster).Clone();
    }

    /// <summary>The endpoint's <c>state</c>: healthy, unhealthy or ejected.</summary>
    public static async Task<string> EndpointStateAsync(GatewayHost gateway, string cluster, string address)
    {
        var element = await ClusterAsync(gateway, cluster);
        foreach (var endpoint in element.GetProperty("endpoints").EnumerateArray())
        {
            if (endpoint.GetProperty("address").GetString() == address)
            {
                return endpoint.GetProperty("state").GetString()!;
            }
        }

        throw new InvalidOperationException($"no endpoint {address} in cluster {cluster}");
    }

    /// <summary>The circuit's state: closed, halfOpen, open or disabled.</summary>
    public static async Task<string> CircuitStateAsync(GatewayHost gateway, string cluster) =>
        (await ClusterAsync(gateway, cluster)).GetProperty("circuitBreaker").GetProperty("state").GetString()!;
}
