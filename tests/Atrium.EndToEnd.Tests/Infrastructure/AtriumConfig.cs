namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Writes an <c>atrium.yaml</c> that puts every listener on the given loopback ports and routes the gateway to them;
/// <c>extraRoutes</c> and <c>extraClusters</c> are YAML list items and map entries (already
/// indented for <c>gateway.routes</c> and <c>gateway.clusters</c>); <c>postgres</c>, when given, puts every service on
/// PostgreSQL with the connection string it returns for the service's name.
/// </summary>
internal static class AtriumConfig
{
    /// <summary>
    /// <c>ordering.maxWait</c>, the longest <c>Prefer: wait</c> the ordering service honours; the orders route's
    /// timeout is longer, so the gateway never cuts a wait short.
    /// </summary>
    public const int OrderingMaxWaitSeconds = 30;

    /// <summary>
    /// The other routes' timeout: a bound for a hung service, not a latency test. Forty sign-ins at once hash forty
    /// passwords, which on a busy two-core machine can take longer than the 5 s of the default config.
    /// </summary>
    public const int RouteTimeoutSeconds = 30;

    public static string Yaml(AtriumPorts ports, string extraRoutes = "", string extraClusters = "", string shutdownTimeout = "10s", string dataDirectory = "data", Func<string, string>? postgres = null) => $$"""
        host:
          shutdownTimeout: {{shutdownTimeout}}
          dataDirectory: "{{dataDirectory}}"
        gateway:
          listen: ["http://127.0.0.1:{{ports.Gateway}}"]
          admin:
            listen: ["http://127.0.0.1:{{ports.Admin}}"]
          auth:
            jwt: { issuer: atrium, audiences: [atrium], jwksUrl: "http://127.0.0.1:{{ports.Identity}}/.well-known/jwks.json" }
          routes:
            - id: identity
              match: { path: "/api/identity/{**rest}" }
              cluster: identity
              timeout: {{RouteTimeoutSeconds}}s
            - id: catalog
              match: { path: "/api/catalog/{**rest}" }
              cluster: catalog
              timeout: {{RouteTimeoutSeconds}}s
            - id: api-docs
              match: { path: "/api/docs/{**rest}", methods: [GET] }
              cluster: identity
              timeout: {{RouteTimeoutSeconds}}s
            - id: payments-openapi
              match: { path: /api/payments/openapi.json, methods: [GET] }
              cluster: payments
              timeout: {{RouteTimeoutSeconds}}s
            - id: orders-openapi
              match: { path: /api/orders/openapi.json, methods: [GET] }
              cluster: ordering
              timeout: {{RouteTimeoutSeconds}}s
            - id: payments
              match: { path: "/api/payments/{**rest}" }
              cluster: payments
              timeout: {{RouteTimeoutSeconds}}s
              # Checked at the edge here as in the default config; /api/orders is left to the service's own check.
              auth: { require: authenticated, schemes: [jwt] }
            - id: orders
              match: { path: "/api/orders/{**rest}" }
              cluster: ordering
              timeout: {{OrderingMaxWaitSeconds * 2}}s
            # As in the default config.
            - id: me-overview
              match: { path: /api/me/overview, methods: [GET] }
              cluster: identity
              auth: { require: authenticated, schemes: [jwt] }
              aggregate:
                parts:
                  - { name: me, path: /api/identity/me, timeout: {{RouteTimeoutSeconds}}s }
                  - { name: account, cluster: payments, path: /api/payments/account, timeout: {{RouteTimeoutSeconds}}s }
                  - { name: orders, cluster: ordering, path: "/api/orders?pageSize=5", timeout: {{RouteTimeoutSeconds}}s }
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
          listen: ["http://127.0.0.1:{{ports.Identity}}", "h2c://127.0.0.1:{{ports.IdentityRpc}}"]
          {{Database(postgres, "identity")}}
        catalog:
          listen: ["http://127.0.0.1:{{ports.Catalog}}", "h2c://127.0.0.1:{{ports.CatalogRpc}}"]
          {{Database(postgres, "catalog")}}
          auth: { jwksUrl: "http://127.0.0.1:{{ports.Identity}}/.well-known/jwks.json" }
        payments:
          listen: ["http://127.0.0.1:{{ports.Payments}}", "h2c://127.0.0.1:{{ports.PaymentsRpc}}"]
          {{Database(postgres, "payments")}}
          auth: { jwksUrl: "http://127.0.0.1:{{ports.Identity}}/.well-known/jwks.json" }
          # Asked before a capture is refunded; the secret is the default file, as ordering's.
          client: { tokenUrl: "http://127.0.0.1:{{ports.Identity}}/connect/token" }
          orderingAddress: "http://127.0.0.1:{{ports.OrderingRpc}}"
        ordering:
          listen: ["http://127.0.0.1:{{ports.Ordering}}", "h2c://127.0.0.1:{{ports.OrderingRpc}}"]
          {{Database(postgres, "ordering")}}
          auth: { jwksUrl: "http://127.0.0.1:{{ports.Identity}}/.well-known/jwks.json" }
          # The secret is the default file in the shared data directory, which identity or ordering creates at start.
          client: { tokenUrl: "http://127.0.0.1:{{ports.Identity}}/connect/token" }
          identityAddress: "http://127.0.0.1:{{ports.IdentityRpc}}"
          catalogAddress: "http://127.0.0.1:{{ports.CatalogRpc}}"
          paymentsAddress: "http://127.0.0.1:{{ports.PaymentsRpc}}"
          # The storms here share two cores with the other suites: a saga running past the default 15 s there would
          # be cancelled correctly, but these tests are about I1–I6, not deadlines (Ordering.Tests covers those).
          sagaTimeout: 60s
          # Long, so that a service waiting when it should answer at once takes far longer than a slow machine does.
          maxWait: {{OrderingMaxWaitSeconds}}s
        """;

    private static string Database(Func<string, string>? postgres, string service) =>
        postgres is null ? "provider: sqlite" : $"provider: postgresql\n  connectionString: \"{postgres(service)}\"";
}
