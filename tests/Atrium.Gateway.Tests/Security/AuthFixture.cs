using System.Net.Http.Headers;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Security;

/// <summary>
/// A JWKS server (counting fetches, with keys a test can rotate), an echo upstream and a gateway with authenticated
/// routes; one per test, so each test sees fresh key caches.
/// </summary>
internal sealed class AuthFixture : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-123";
    public static readonly string ApiKeySha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApiKey)));

    private int _jwksFetches;
    private volatile string _jwks = "";
    private volatile bool _keyServerDown;

    private AuthFixture()
    {
    }

    public Upstream Echo { get; private set; } = null!;

    public Upstream KeyServer { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public int JwksFetches => Volatile.Read(ref _jwksFetches);

    /// <summary>The <c>gateway</c> body the gateway started with, to rewrite a variant of it (with <c>fromFile</c>).</summary>
    public string GatewayYaml { get; private set; } = "";

    public static async Task<AuthFixture> StartAsync(string jwks, string minInterval, TimeProvider? time = null, bool fromFile = false)
    {
        var fixture = new AuthFixture { _jwks = jwks };
        fixture.Echo = await Upstream.StartAsync(app => app.Map("/{**path}", EchoResponse.Write));
        fixture.KeyServer = await Upstream.StartAsync(app => app.MapGet("/jwks", (HttpContext context) =>
        {
            if (fixture._keyServerDown)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            Interlocked.Increment(ref fixture._jwksFetches);
            return Results.Text(fixture._jwks, "application/json");
        }));
        fixture.GatewayYaml = $$"""
            auth:
              jwt:
                issuer: "{{TestKeys.Issuer}}"
                audiences: ["{{TestKeys.Audience}}"]
                jwksUrl: "{{fixture.KeyServer.Address}}/jwks"
                jwksRefreshMinInterval: {{minInterval}}
              apiKeys:
                - { id: ci, sha256: "{{ApiKeySha256}}", subject: ci-bot, roles: [deployer] }
            routes:
              - { id: open, match: { path: "/open" }, cluster: echo }
              - { id: any, match: { path: "/any" }, cluster: echo, auth: { require: authenticated } }
              - { id: jwt, match: { path: "/jwt" }, cluster: echo, auth: { schemes: [jwt] } }
              - { id: key, match: { path: "/key" }, cluster: echo, auth: { schemes: [apiKey] } }
              - { id: admin, match: { path: "/admin-only" }, cluster: echo, auth: { roles: [admin, root] } }
              - { id: scoped, match: { path: "/scoped" }, cluster: echo, auth: { scopes: [orders.read, orders.write] } }
            clusters:
              echo: { endpoints: ["{{fixture.Echo.Address}}"] }
            """;
        fixture.Gateway = await GatewayHost.StartAsync(fixture.GatewayYaml, fromFile, time);
        return fixture;
    }

    public void SetJwks(string jwks) => _jwks = jwks;

    /// <summary>While down, the key server answers 503 instead of the JWKS (as one still starting would).</summary>
    public void SetKeyServerDown(bool down) => _keyServerDown = down;

    public async Task<HttpResponseMessage> GetAsync(string path, string? bearer = null, IEnumerable<(string, string)>? headers = null)
    {
        using var client = Gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await KeyServer.DisposeAsync();
        await Echo.DisposeAsync();
    }
}
