namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Writes an <c>atrium.yaml</c> that puts every listener on the given loopback ports and routes the gateway to them;
/// <c>extraRoutes</c> and <c>extraClusters</c> are YAML list items and map entries (already
/// indented for <c>gateway.routes</c> and <c>gateway.clusters</c>).
/// </summary>
internal static class AtriumConfig
{
    public static string Yaml(AtriumPorts ports, string extraRoutes = "", string extraClusters = "", string shutdownTimeout = "10s") => $$"""
        host:
          shutdownTimeout: {{shutdownTimeout}}
        gateway:
          listen: ["http://127.0.0.1:{{ports.Gateway}}"]
          admin:
            listen: ["http://127.0.0.1:{{ports.Admin}}"]
          routes:
            - id: identity
              match: { path: "/api/identity/{**rest}" }
              cluster: identity
              timeout: 5s
            - id: catalog
              match: { path: "/api/catalog/{**rest}" }
              cluster: catalog
              timeout: 5s
            - id: payments
              match: { path: "/api/payments/{**rest}" }
              cluster: payments
              timeout: 5s
            - id: orders
              match: { path: "/api/orders/{**rest}" }
              cluster: ordering
              timeout: 5s
        {{extraRoutes}}
          clusters:
            identity:
              endpoints: ["http://127.0.0.1:{{ports.Identity}}"]
            catalog:
              endpoints: ["http://127.0.0.1:{{ports.Catalog}}"]
            payments:
              endpoints: ["http://127.0.0.1:{{ports.Payments}}"]
            ordering:
              endpoints: ["http://127.0.0.1:{{ports.Ordering}}"]
        {{extraClusters}}
        identity:
          listen: ["http://127.0.0.1:{{ports.Identity}}"]
        catalog:
          listen: ["http://127.0.0.1:{{ports.Catalog}}"]
        payments:
          listen: ["http://127.0.0.1:{{ports.Payments}}"]
        ordering:
          listen: ["http://127.0.0.1:{{ports.Ordering}}"]
        """;
}
