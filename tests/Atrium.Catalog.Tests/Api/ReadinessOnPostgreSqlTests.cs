using System.Net;
using Atrium.Identity;
using Atrium.Testing;
using Npgsql;

namespace Atrium.Catalog.Tests.Api;

public sealed class ReadinessOnPostgreSqlTests
{
    [Fact]
    public async Task Readyz_DatabaseGoesAwayAndComesBack_AnswersUnreadyNamingItThenReadyAgain()
    {
        var postgres = await PostgresServer.Shared;
        await using var relay = new TcpRelay(postgres.Port);
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.NewDatabase("catalog_ready")) { Port = relay.Port }.ToString();
        // Identity too: the catalog is ready only once it has identity's signing keys.
        await using var identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init);
        await using var host = await ModuleTestHost.StartAsync<CatalogOptions>(
            CatalogOptions.Section,
            CatalogModule.Init,
            $"provider: postgresql\nconnectionString: \"{connectionString}\"\nseedProducts: false\nauth:\n  jwksUrl: \"{identity.Address}.well-known/jwks.json\"");
        using var http = new HttpClient();
        var readyz = new Uri(host.Address, "/readyz");
        (await http.GetAsync(readyz)).StatusCode.ShouldBe(HttpStatusCode.OK);

        relay.Cut();
        var unready = await UntilAsync(http, readyz, HttpStatusCode.ServiceUnavailable);

        unready.ShouldContain("\"database:CatalogDbContext\"");
        relay.Restore();
        await UntilAsync(http, readyz, HttpStatusCode.OK);
    }

    // No sleep between probes: each one is a SELECT 1 that uses up a pooled connection the cut left broken (or, while
    // cut, fails at once), so the state is reached in a bounded number of probes, whatever the machine's speed.
    private static async Task<string> UntilAsync(HttpClient http, Uri readyz, HttpStatusCode expected)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var response = await http.GetAsync(readyz);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected)
            {
                return body;
            }
        }

        throw new ShouldAssertException($"/readyz never answered {expected}");
    }
}
