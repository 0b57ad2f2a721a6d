using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Tests.Configuration;

public sealed class PolicyConfigValidationTests
{
    private const string Clusters = """
        clusters:
          orders: { endpoints: ["http://127.0.0.1:8104"] }
          canary: { endpoints: ["http://127.0.0.1:8105"] }
        """;

    [Fact]
    public void Load_AllPolicies_Succeeds()
    {
        var result = Load("""
            globalConcurrencyLimit: 5000
            auth:
              jwt: { issuer: "https://id.example.com", audiences: [atrium], jwksUrl: "https://id.example.com/jwks" }
              apiKeys: [{ id: ci, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", roles: [deployer] }]
            routes:
              - id: a
                match: { path: /a }
                cluster: orders
                auth: { roles: [admin], scopes: [orders.read] }
                rateLimit: { algorithm: slidingWindow, limit: 100, window: 1m, key: subject }
                cors: { allowedOrigins: ["https://app.example.com"] }
                split: { backends: [{ cluster: orders, weight: 95 }, { cluster: canary, weight: 5 }], stickyOn: cookie, stickyKey: uid }
                mirror: { cluster: canary, percent: 10 }
                faults: { delay: { duration: 100ms, percent: 5 }, abort: { status: 503, percent: 1 }, onlyWithHeader: x-drill }
            """ + "\n" + Clusters);

        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Load_InvalidPolicies_ReportsEachWithItsPath()
    {
        Errors("""
            auth:
              jwt: { issuer: "https://id.example.com", audiences: [atrium], jwksUrl: "https://id.example.com/jwks", signingKeys: [{ kid: k, pem: nope }] }
              apiKeys: [{ id: ci, sha256: "abc" }]
            routes:
              - id: a
                match: { path: /a }
                cluster: orders
                auth: { require: anonymous, roles: [admin] }
                rateLimit: { limit: 0, key: header }
                cors: { allowedOrigins: ["*", "https://app.example.com/path"], allowCredentials: true }
                split: { backends: [{ cluster: orders, weight: 0 }, { cluster: nope, weight: 0 }], stickyOn: header }
                mirror: { cluster: orders, percent: 150 }
                faults: { abort: { status: 418 } }
              - { id: b, match: { path: /b }, cluster: orders, faults: {} }
            """).ShouldBe([
            "gateway.auth.apiKeys[0].sha256: must be 64 hex digits (a SHA-256)",
            "gateway.auth.jwt: set exactly one of jwksUrl and signingKeys",
            "gateway.auth.jwt.signingKeys[0].pem: not a PEM RSA or P-256 EC public key",
            "gateway.routes[0].auth.require: roles and scopes need require: authenticated",
            "gateway.routes[0].rateLimit.limit: must be between 1 and 100000000",
            "gateway.routes[0].rateLimit.header: key: header needs a header name",
            "gateway.routes[0].cors.allowedOrigins[0]: \"*\" cannot be combined with allowCredentials: true",
            "gateway.routes[0].cors.allowedOrigins[1]: 'https://app.example.com/path' is not an origin (scheme://host[:port], no path) or \"*\"",
            "gateway.routes[0].split.backends: the weights must not all be 0",
            "gateway.routes[0].split.stickyKey: stickyOn: Header needs a stickyKey",
            "gateway.routes[0].mirror.percent: must be between 0 and 100",
            "gateway.routes[0].faults.abort.status: must be one of 400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 429, 431, 500, 501, 502, 503, 504",
            "gateway.routes[1].faults: set delay, abort or both",
            "gateway.routes[0].split.backends[1].cluster: unknown cluster 'nope'",
            "gateway.routes[0].mirror.cluster: the mirror must not be the route's own cluster",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Load_AuthWithoutGatewayCredentials_Refused()
    {
        Errors("""
            routes:
              - { id: a, match: { path: /a }, cluster: orders, auth: { schemes: [jwt] }, rateLimit: { limit: 5, key: apiKey } }
              - { id: b, match: { path: /b }, cluster: orders, rateLimit: { limit: 5, key: subject } }
            """).ShouldBe([
            "gateway.routes[0].auth.schemes: scheme jwt needs gateway.auth.jwt",
            "gateway.routes[0].auth: needs gateway.auth.jwt or gateway.auth.apiKeys",
            "gateway.routes[1].rateLimit.key: key: Subject needs the route's auth (require: authenticated)",
        ], ignoreOrder: true);
    }

    [Theory]
    [InlineData("https://id.example.com/jwks")]
    [InlineData("http://127.0.0.1:8101/.well-known/jwks.json")]
    [InlineData("http://[::1]:8101/jwks")]
    [InlineData("http://localhost:8101/jwks")]
    public void Load_HttpsOrLoopbackJwksUrl_Succeeds(string url) =>
        Load(Jwt($"jwksUrl: \"{url}\"") + "\n" + Clusters).Errors.ShouldBeEmpty();

    [Theory]
    [InlineData("http://id.example.com/jwks")]
    [InlineData("http://192.168.1.20:8101/jwks")]
    public void Load_PlainHttpJwksUrlOffLoopback_NamesKeyUrlAndWayOut(string url) =>
        Errors(Jwt($"jwksUrl: \"{url}\"")).ShouldBe([
            $"gateway.auth.jwt.jwksUrl: '{url}' fetches signing keys over plain http from a host that is not loopback "
            + "(127.0.0.0/8, ::1, localhost), where they could be swapped on the way; use https://, or set "
            + "gateway.auth.jwt.allowInsecureJwksUrl: true to accept it",
        ]);

    [Fact]
    public void Load_PlainHttpJwksUrlWithUserInfo_ErrorShowsNoCredentials()
    {
        var error = Errors(Jwt("jwksUrl: \"http://keys:jwks-pass-secret@id.example.com/jwks\"")).ShouldHaveSingleItem();

        error.ShouldStartWith("gateway.auth.jwt.jwksUrl: 'http://***@id.example.com/jwks' fetches signing keys over plain http");
        error.ShouldNotContain("jwks-pass-secret");
    }

    [Fact]
    public void Load_PlainHttpJwksUrlOffLoopbackAllowed_Succeeds() =>
        Load(Jwt("jwksUrl: \"http://id.internal/jwks\", allowInsecureJwksUrl: true") + "\n" + Clusters).Errors.ShouldBeEmpty();

    private static string Jwt(string keys) => $$"""
        auth:
          jwt: { issuer: "https://id.example.com", audiences: [atrium], {{keys}} }
        routes:
          - { id: a, match: { path: /a }, cluster: orders, auth: { schemes: [jwt] } }
        """;

    private static List<string> Errors(string yaml) => GatewayConfigText.Errors(yaml + "\n" + Clusters);

    private static ConfigLoadResult Load(string gatewayYaml) => GatewayConfigText.Load(gatewayYaml);
}
