using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Tests.Configuration;

public sealed class ExtAuthzAndAggregateConfigTests
{
    private const string Clusters = """
        clusters:
          orders: { endpoints: ["http://127.0.0.1:8104"] }
          authz: { endpoints: ["http://127.0.0.1:8110"] }
        auth:
          jwt: { issuer: "https://id.example.com", audiences: [atrium], jwksUrl: "https://id.example.com/jwks" }
        """;

    [Fact]
    public void Load_ExtAuthzAndAggregate_Succeeds()
    {
        Load("""
            routes:
              - id: a
                match: { path: "/a/{id}" }
                cluster: orders
                auth: { require: authenticated }
                extAuthz:
                  cluster: authz
                  pathPrefix: /check
                  timeout: 500ms
                  failOpen: true
                  statusOnError: 503
                  allowedRequestHeaders: [X-Tenant]
                  allowedUpstreamHeaders: [X-User-Tier]
                  cache: { ttl: 10s, key: [subject, method, path, "header:X-Tenant"], maxEntries: 100 }
                  rules:
                    - { effect: deny, methods: [DELETE] }
                    - { roles: [admin], path: "/a/{id}", claims: { sub: "{id}", tenant: acme } }
              - id: b
                match: { path: "/b/{id}/overview" }
                cluster: orders
                aggregate:
                  parts:
                    - { name: me, path: "/users/{id}" }
                    - { name: account, cluster: authz, path: "/account?x=1", timeout: 1s }
            """ + "\n" + Clusters).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Load_InvalidExtAuthz_ReportsEachWithItsPath()
    {
        Errors("""
            routes:
              - id: a
                match: { path: /a }
                cluster: orders
                extAuthz:
                  cluster: nope
                  pathPrefix: check/
                  timeout: 0s
                  statusOnError: 500
                  allowedUpstreamHeaders: [X-Atrium-Subject, Connection, "bad name"]
                  allowedClientHeaders: [Content-Length]
                  cache: { ttl: 5s, key: [subject, cookie] }
                  rules:
                    - { roles: [admin], path: "/users/{id}", claims: { sub: "{other}" } }
              - { id: b, match: { path: /b }, cluster: orders, extAuthz: {} }
              - { id: c, match: { path: /c }, cluster: orders, extAuthz: { rules: [{ methods: [GET] }], cache: { ttl: 1s } } }
            """).ShouldBe([
            "gateway.routes[0].extAuthz.timeout: must be between 1ms and 1m",
            "gateway.routes[0].extAuthz.statusOnError: must be 403 or 503",
            "gateway.routes[0].extAuthz.pathPrefix: must start with '/' and end without '/' or a query",
            "gateway.routes[1].extAuthz.cluster: needs a cluster, rules or both",
            "gateway.routes[0].extAuthz.cluster: unknown cluster 'nope'",
            "gateway.routes[0].extAuthz.rules[0]: claims.sub: parameter 'other' is not in the rule's path (it has: id)",
            "gateway.routes[0].extAuthz.rules[0].roles: conditions on the caller need the route's auth (require: authenticated)",
            "gateway.routes[0].extAuthz.cache.key[0]: subject needs the route's auth (require: authenticated), or every caller shares one decision",
            "gateway.routes[0].extAuthz.cache.key[1]: 'cookie' is not subject, method, path, query or header:NAME",
            "gateway.routes[0].extAuthz.allowedUpstreamHeaders[0]: 'X-Atrium-Subject' carries the verified caller: only the gateway sets it",
            "gateway.routes[0].extAuthz.allowedUpstreamHeaders[1]: 'Connection' describes the connection or the message and cannot be passed on",
            "gateway.routes[0].extAuthz.allowedUpstreamHeaders[2]: 'bad name' is not a header name",
            "gateway.routes[0].extAuthz.allowedClientHeaders[0]: 'Content-Length' describes the connection or the message and cannot be passed on",
            "gateway.routes[2].extAuthz.cache.key[0]: subject needs the route's auth (require: authenticated), or every caller shares one decision",
            "gateway.routes[2].extAuthz.cache.ttl: the cache keeps the service's decisions: it needs extAuthz.cluster",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Load_InvalidAggregate_ReportsEachWithItsPath()
    {
        Errors("""
            routes:
              - id: a
                match: { path: "/a/{id}" }
                cluster: orders
                retry: { enabled: true }
                mirror: { cluster: authz }
                aggregate:
                  parts:
                    - { name: me, path: "/users/{user}" }
                    - { name: me, cluster: nope, path: "users", timeout: 0s }
                    - { name: errors, path: /x }
                    - { name: "1st", path: "" }
              - { id: b, match: { path: /b }, cluster: orders, aggregate: { parts: [] } }
            """).ShouldBe([
            "gateway.routes[0].aggregate.parts[1].timeout: must be between 1ms and 10m",
            "gateway.routes[0].aggregate.parts[3].name: must start with a letter and hold letters, digits, '_' or '-'",
            "gateway.routes[0].aggregate.parts[3].path: The path field is required.",
            "gateway.routes[1].aggregate.parts: needs at least one part",
            "gateway.routes[0].mirror: not used with aggregate: the gateway answers an aggregate route itself",
            "gateway.routes[0].retry: not used with aggregate: the gateway answers an aggregate route itself",
            "gateway.routes[0].aggregate.parts[0].path: parameter 'user' is not in the route's path (it has: id)",
            "gateway.routes[0].aggregate.parts[1].name: duplicate part name 'me'",
            "gateway.routes[0].aggregate.parts[1].cluster: unknown cluster 'nope'",
            "gateway.routes[0].aggregate.parts[1].path: must start with '/'",
            "gateway.routes[0].aggregate.parts[2].name: 'errors' is the answer's own property",
        ], ignoreOrder: true);
    }

    private static List<string> Errors(string yaml) => GatewayConfigText.Errors(yaml + "\n" + Clusters);

    private static ConfigLoadResult Load(string gatewayYaml) => GatewayConfigText.Load(gatewayYaml);
}
