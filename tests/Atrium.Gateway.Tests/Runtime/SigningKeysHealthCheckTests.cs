using System.Net;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Gateway.Tests.Security;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Runtime;

public sealed class SigningKeysHealthCheckTests : IAsyncLifetime
{
    private readonly TestKeys _es = TestKeys.Es256("es-1");
    private AuthFixture? _fixture;

    private AuthFixture Fixture => _fixture!;

    // A refresh interval far longer than the test: a second fetch can only come from the rule that a gateway without
    // keys may try again at once.
    public async Task InitializeAsync() => _fixture = await AuthFixture.StartAsync(TestKeys.Jwks(_es), minInterval: "1h");

    public async Task DisposeAsync()
    {
        await _fixture!.DisposeAsync();
        _es.Dispose();
    }

    [Fact]
    public async Task Readyz_KeyServerDownThenUp_UnreadyNamingJwksThenReadyOnTheNextProbe()
    {
        Fixture.SetKeyServerDown(true);
        using var admin = Fixture.Gateway.AnonymousAdminClient();

        using var unready = await admin.GetAsync("/readyz");
        var report = JsonDocument.Parse(await unready.Content.ReadAsStringAsync()).RootElement;
        unready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        report.GetProperty("failed").EnumerateArray().Select(e => e.GetString()).ShouldBe(["jwks"]);
        report.GetProperty("checks").GetProperty("jwks").GetProperty("description").GetString()!.ShouldContain("503");

        Fixture.SetKeyServerDown(false);
        using var ready = await admin.GetAsync("/readyz");

        ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        Fixture.JwksFetches.ShouldBe(1);
        (await Fixture.GetAsync("/jwt", _es.Sign())).StatusCode.ShouldBe(HttpStatusCode.OK);
        Fixture.JwksFetches.ShouldBe(1);
    }

    [Fact]
    public async Task Readyz_KeyServerDown_NoRouteAcceptsJwt_ReadyWithoutFetching()
    {
        await using var echo = await Upstream.StartAsync(app => app.Map("/{**path}", EchoResponse.Write));
        await using var gateway = await GatewayHost.StartAsync($$"""
            auth:
              jwt: { issuer: atrium, audiences: [atrium], jwksUrl: "{{FreePort.ClosedAddress()}}/jwks" }
            routes:
              - { id: open, match: { path: "/open" }, cluster: echo }
            clusters:
              echo: { endpoints: ["{{echo.Address}}"] }
            """);
        using var admin = gateway.AnonymousAdminClient();

        using var ready = await admin.GetAsync("/readyz");

        ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
    }
}
