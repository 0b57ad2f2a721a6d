using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Gateway.Tests.Security;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Authorization;

/// <summary>
/// <c>extAuthz</c> against a real authorization service on loopback: Envoy's HTTP semantics (2xx allows with its
/// allowed headers added upstream, anything else denies with its status and body, failures by <c>failOpen</c>), the
/// decision cache on a skippable clock, answers too large to pass on, and the attribute rules.
/// </summary>
public sealed class ExtAuthzTests : IAsyncLifetime
{
    private readonly SkippableClock _clock = new();
    private readonly TestKeys _keys = TestKeys.Es256("es-authz");
    private Upstream _echo = null!;
    private AuthzServer _authz = null!;
    private GatewayHost? _gateway;
    private int _echoCalls;

    public async Task InitializeAsync()
    {
        _echo = await Upstream.StartAsync(app => app.Map("/{**path}", (HttpContext context) =>
        {
            Interlocked.Increment(ref _echoCalls);
            return EchoResponse.Write(context);
        }));
        _authz = await AuthzServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _authz.DisposeAsync();
        await _echo.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task Request_ServiceAllows_ForwardedWithAllowedHeadersAdded()
    {
        _authz.Answer = context =>
        {
            context.Response.Headers["X-User-Tier"] = "gold";
            context.Response.Headers["X-Not-Passed"] = "secret";
            return Task.CompletedTask;
        };
        await StartAsync("""
            extAuthz:
              cluster: authz
              timeout: 10s
              pathPrefix: /check
              allowedRequestHeaders: [X-Tenant]
              allowedUpstreamHeaders: [X-User-Tier]
            """);

        using var response = await SendAsync(HttpMethod.Post, "/checked/orders?page=2", _keys.Sign(subject: "alice", roles: ["customer"]),
            ("X-Tenant", "acme"), ("X-Private", "not for the service"), ("X-User-Tier", "forged"));

        var echo = await EchoResponse.ReadAsync(response);
        echo.Header("X-User-Tier").ShouldBe(["gold"]);
        echo.Header("X-Not-Passed").ShouldBeEmpty();
        var check = _authz.Seen.ShouldHaveSingleItem();
        check.Method.ShouldBe("POST");
        check.Path.ShouldBe("/check/checked/orders");
        check.Query.ShouldBe("?page=2");
        check.Header("Authorization").ShouldHaveSingleItem().ShouldStartWith("Bearer ");
        check.Header("X-Tenant").ShouldBe(["acme"]);
        check.Header("X-Private").ShouldBeEmpty();
        check.Header("X-Atrium-Subject").ShouldBe(["alice"]);
        check.Header("X-Atrium-Roles").ShouldBe(["customer"]);
    }

    [Fact]
    public async Task Request_ServiceDenies_ClientGetsItsStatusBodyAndAllowedHeaders()
    {
        _authz.Answer = context =>
        {
            context.Response.StatusCode = StatusCodes.Status402PaymentRequired;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"shop\"";
            context.Response.Headers["X-Internal"] = "not for clients";
            return context.Response.WriteAsJsonAsync(new { reason = "subscription lapsed" });
        };
        await StartAsync("extAuthz: { cluster: authz, timeout: 10s }");

        using var response = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign());

        response.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer realm=\"shop\"");
        response.Headers.Contains("X-Internal").ShouldBeFalse();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("reason").GetString().ShouldBe("subscription lapsed");
        Volatile.Read(ref _echoCalls).ShouldBe(0);
    }

    [Theory]
    [InlineData(403, HttpStatusCode.Forbidden, "FORBIDDEN")]
    [InlineData(503, HttpStatusCode.ServiceUnavailable, "UPSTREAM_UNAVAILABLE")]
    public async Task Request_ServiceTimesOut_FailsClosedWithStatusOnError(int statusOnError, HttpStatusCode status, string code)
    {
        _authz.Hold = true;
        await StartAsync($"extAuthz: {{ cluster: authz, timeout: 100ms, statusOnError: {statusOnError} }}");

        using var response = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign());

        await ProblemAssert.ShouldBeProblemAsync(response, status, code);
        _authz.Calls.ShouldBe(1);
        Volatile.Read(ref _echoCalls).ShouldBe(0);
    }

    [Fact]
    public async Task Request_ServiceAnswers5xx_FailsClosed()
    {
        _authz.Answer = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("stack trace of the authorization service");
        };
        await StartAsync("extAuthz: { cluster: authz, timeout: 10s }");

        using var response = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign());

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("stack trace");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_ServiceTimesOutWithFailOpen_Forwarded(bool unreachable)
    {
        _authz.Hold = true;
        var cluster = unreachable ? "down" : "authz";
        await StartAsync($"extAuthz: {{ cluster: {cluster}, timeout: 100ms, failOpen: true }}");

        using var response = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign());

        (await EchoResponse.ReadAsync(response)).Path.ShouldBe("/checked/x");
        _authz.Calls.ShouldBe(unreachable ? 0 : 1);
    }

    [Fact]
    public async Task Request_ServiceUnreachable_FailsClosed()
    {
        await StartAsync("extAuthz: { cluster: down, timeout: 10s }");

        using var response = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign());

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Volatile.Read(ref _echoCalls).ShouldBe(0);
    }

    [Fact]
    public async Task Request_SameKeyWithinTtl_ServiceCalledOnceUntilTtlPasses()
    {
        _authz.Answer = context =>
        {
            context.Response.Headers["X-User-Tier"] = "gold";
            return Task.CompletedTask;
        };
        await StartAsync("extAuthz: { cluster: authz, timeout: 10s, allowedUpstreamHeaders: [X-User-Tier], cache: { ttl: 30s } }");
        var alice = _keys.Sign(subject: "alice");

        using (var first = await SendAsync(HttpMethod.Get, "/checked/x", alice))
        using (var second = await SendAsync(HttpMethod.Get, "/checked/x", alice))
        {
            (await EchoResponse.ReadAsync(first)).Header("X-User-Tier").ShouldBe(["gold"]);
            (await EchoResponse.ReadAsync(second)).Header("X-User-Tier").ShouldBe(["gold"]);
        }

        _authz.Calls.ShouldBe(1);
        using (var otherPath = await SendAsync(HttpMethod.Get, "/checked/y", alice))
        using (var otherCaller = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign(subject: "bob")))
        {
            otherPath.StatusCode.ShouldBe(HttpStatusCode.OK);
            otherCaller.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        _authz.Calls.ShouldBe(3);
        _clock.Skip(TimeSpan.FromSeconds(31));
        using (var expired = await SendAsync(HttpMethod.Get, "/checked/x", alice))
        {
            expired.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        _authz.Calls.ShouldBe(4);
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(200_000)]
    public async Task Request_ServiceSendsHugeHeader_RefusedAsAFailure(int size)
    {
        _authz.Answer = context =>
        {
            context.Response.Headers["X-User-Tier"] = new string('g', size);
            return Task.CompletedTask;
        };
        await StartAsync("extAuthz: { cluster: authz, timeout: 10s, allowedUpstreamHeaders: [X-User-Tier] }");

        using var response = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign());

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Volatile.Read(ref _echoCalls).ShouldBe(0);
    }

    [Fact]
    public async Task Request_ServiceDeniesWithHugeBody_RefusedAsAFailure()
    {
        _authz.Answer = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync(new string('x', 1024 * 1024));
        };
        await StartAsync("extAuthz: { cluster: authz, timeout: 10s, statusOnError: 503 }");

        using var response = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign());

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.ServiceUnavailable, "UPSTREAM_UNAVAILABLE");
    }

    [Theory]
    [InlineData("admin", "GET", "/checked/anything", null, HttpStatusCode.OK)]
    [InlineData("admin", "DELETE", "/checked/anything", null, HttpStatusCode.Forbidden)]
    [InlineData("customer", "GET", "/checked/users/alice", null, HttpStatusCode.OK)]
    [InlineData("customer", "GET", "/checked/users/bob", null, HttpStatusCode.Forbidden)]
    [InlineData("customer", "GET", "/checked/reports", "acme", HttpStatusCode.OK)]
    [InlineData("customer", "POST", "/checked/reports", "acme", HttpStatusCode.Forbidden)]
    [InlineData("customer", "GET", "/checked/reports", "globex", HttpStatusCode.Forbidden)]
    public async Task Request_Rules_FirstMatchDecidesAndNoMatchIsDenied(string role, string method, string path, string? tenant, HttpStatusCode expected)
    {
        await StartAsync("""
            extAuthz:
              rules:
                - { effect: deny, methods: [DELETE] }
                - { roles: [admin] }
                - { path: "/checked/users/{id}", claims: { sub: "{id}" } }
                - { methods: [GET], path: "/checked/reports", claims: { tenant: acme } }
            """);
        var claims = tenant is null ? null : new Dictionary<string, object> { ["tenant"] = tenant };

        using var response = await SendAsync(new HttpMethod(method), path, _keys.Sign(subject: "alice", roles: [role], extraClaims: claims));

        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.Forbidden)
        {
            await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        }
    }

    [Fact]
    public async Task Request_RulesAndService_RuleDecidesFirstElseServiceIsCalled()
    {
        _authz.Answer = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        await StartAsync("""
            extAuthz:
              cluster: authz
              timeout: 10s
              rules: [{ roles: [admin] }]
            """);

        using (var admin = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign(roles: ["admin"])))
        {
            admin.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        _authz.Calls.ShouldBe(0);
        using (var customer = await SendAsync(HttpMethod.Get, "/checked/x", _keys.Sign(roles: ["customer"])))
        {
            customer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        _authz.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task Reload_ChangedRules_AppliedAndAnInvalidOneKeepsTheLastGood()
    {
        await StartAsync("extAuthz: { rules: [{ roles: [admin] }] }", fromFile: true);
        var customer = _keys.Sign(roles: ["customer"]);
        using (var before = await SendAsync(HttpMethod.Get, "/checked/x", customer))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        await _gateway!.WriteConfigAsync(GatewayYaml("extAuthz: { rules: [{ roles: [admin, customer] }] }"));
        _gateway.Store.Reload().Succeeded.ShouldBeTrue();
        using (var after = await SendAsync(HttpMethod.Get, "/checked/x", customer))
        {
            after.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await _gateway.WriteConfigAsync(GatewayYaml("extAuthz: { cluster: nowhere, rules: [{ roles: [admin] }] }"));
        var refused = _gateway.Store.Reload();
        refused.Succeeded.ShouldBeFalse();
        refused.Errors.Select(e => e.Path).ShouldContain("gateway.routes[0].extAuthz.cluster");
        using (var kept = await SendAsync(HttpMethod.Get, "/checked/x", customer))
        {
            kept.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task AdminRoutes_RouteWithExtAuthz_ShowsThePolicy()
    {
        await StartAsync("extAuthz: { cluster: authz, failOpen: true, rules: [{ roles: [admin] }], cache: { ttl: 5s } }");

        using var admin = _gateway!.AdminClient();
        using var routes = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/admin/routes", UriKind.Relative)));

        var route = routes.RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "checked");
        var policy = route.GetProperty("policies").GetProperty("extAuthz");
        policy.GetProperty("cluster").GetString().ShouldBe("authz");
        policy.GetProperty("failOpen").GetBoolean().ShouldBeTrue();
        policy.GetProperty("cache").GetProperty("ttlMs").GetDouble().ShouldBe(5000);
        policy.GetProperty("rules")[0].GetProperty("roles")[0].GetString().ShouldBe("admin");
    }

    private async Task StartAsync(string policy, bool fromFile = false) => _gateway = await GatewayHost.StartAsync(GatewayYaml(policy), fromFile, _clock);

    private string GatewayYaml(string policy)
    {
        var pem = _keys.PublicPem.ReplaceLineEndings("\n").Replace("\n", "\\n", StringComparison.Ordinal);
        var indented = string.Join('\n', policy.ReplaceLineEndings("\n").Split('\n').Select(l => "    " + l));
        return $$"""
            auth:
              jwt:
                issuer: "{{TestKeys.Issuer}}"
                audiences: ["{{TestKeys.Audience}}"]
                signingKeys: [{ kid: "{{_keys.Kid}}", pem: "{{pem}}" }]
            routes:
              - id: checked
                match: { path: "/checked/{**rest}" }
                cluster: echo
                auth: { require: authenticated, schemes: [jwt] }
            {{indented}}
            clusters:
              echo: { endpoints: ["{{_echo.Address}}"] }
              authz: { endpoints: ["{{_authz.Upstream.Address}}"] }
              down: { endpoints: ["{{FreePort.ClosedAddress()}}"] }
            """;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, params (string Name, string Value)[] headers)
    {
        using var client = _gateway!.Client();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }
}
