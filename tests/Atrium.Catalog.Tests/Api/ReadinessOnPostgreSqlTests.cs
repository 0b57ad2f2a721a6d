using System.Net;
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
        await using var host = await ModuleTestHost.StartAsync<CatalogOptions>(
            CatalogOptions.Section, CatalogModule.Init, $"provider: postgresql\nconnectionString: \"{connectionString}\"\nseedProducts: false");
        using var http = new HttpClient();
        var readyz = new Uri(host.Address, "/readyz");
        (await http.GetAsync(readyz)).StatusCode.ShouldBe(HttpStatusCode.OK);

        relay.Cut();
        var unready = await UntilAsync(http, readyz, HttpStatusCode.ServiceUnavailable);

        unready.ShouldContain("\"database:CatalogDbContext\"");
        relay.Restore();
        await UntilAsync(http, readyz, HttpStatusCode.OK);
    }

    // Each probe is one request; the check's own 2 s timeout bounds it, so this waits on the state, not on a clock.
    private static async Task<string> UntilAsync(HttpClient http, Uri readyz, HttpStatusCode expected)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await http.GetAsync(readyz);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected)
            {
                return body;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"/readyz never answered {expected}");
    }
}
