using System.Net;
using System.Text.Json;
using Atrium.Identity;
using Atrium.Testing;

namespace Atrium.Catalog.Tests.Api;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_IdentityUnreachableAtStart_UnreadyNamingJwksThenReadyOnceAProbeFetchedTheKeys()
    {
        await using var identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init);
        await using var relay = new TcpRelay(identity.Port);
        relay.Cut();
        await using var catalog = await ModuleTestHost.StartAsync<CatalogOptions>(
            CatalogOptions.Section, CatalogModule.Init, $"seedProducts: false\nauth:\n  jwksUrl: \"http://127.0.0.1:{relay.Port}/.well-known/jwks.json\"");
        using var http = catalog.Client();

        using var unready = await http.GetAsync("/readyz");
        var report = JsonDocument.Parse(await unready.Content.ReadAsStringAsync()).RootElement;
        unready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        report.GetProperty("failed").EnumerateArray().Select(e => e.GetString()).ShouldBe(["jwks"]);
        report.GetProperty("checks").GetProperty("jwks").GetProperty("description").GetString()!.ShouldContain($"127.0.0.1:{relay.Port}");

        // No request with a token comes: the probe itself fetches the keys once identity answers.
        relay.Restore();
        using var ready = await http.GetAsync("/readyz");

        ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
    }
}
