using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Atrium.Ordering.Tests.Application;
using Atrium.Testing;

namespace Atrium.Ordering.Tests;

/// <summary>The live keys of <see cref="OrderingOptions"/> changed in the file of a running ordering module and reloaded.</summary>
[Collection(SagaHostsCollection.Name)]
public sealed class OrderingOptionsReloadTests(SagaHostsFixture hosts)
{
    [Fact]
    public async Task ReloadAsync_ShorterCallTimeout_NextCallGivesUpAtIt()
    {
        // Accepted by the kernel, never answered: a call to it ends at its deadline. The 1 min it starts with is past
        // the client's 30 s timeout, so only the reloaded 3 s lets the order come back with an answer.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var section = Section($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        await using var ordering = await ModuleTestHost.StartAsync<OrderingOptions>(
            OrderingOptions.Section, OrderingModule.Init, section + "callTimeout: 1m\n", configFile: true);

        var result = await ordering.ReloadAsync(section + "callTimeout: 3s\n");

        result.Succeeded.ShouldBeTrue();
        result.ChangedKeys.ShouldBe(["ordering.callTimeout"]);
        using var client = ordering.Client();
        using var placed = await PlaceAsync(client, await AccessTokenAsync());
        placed.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout, await placed.Content.ReadAsStringAsync());
        var problem = await placed.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("UPSTREAM_TIMEOUT");
        problem.GetProperty("detail").GetString().ShouldBe("The catalog service did not answer in time.");
    }

    [Fact]
    public async Task ReloadAsync_ShorterRetryDelays_NextRetryWaitsTheNewDelay()
    {
        // Payments refuses every connection, so the saga's charge is retried; started, the first retry would wait 30 s
        // to 1 min.
        var logs = new CapturingLoggerProvider();
        var section = Section(hosts.Catalog.RpcAddress.ToString(), $"http://127.0.0.1:{FreePort.Next()}");
        await using var ordering = await ModuleTestHost.StartAsync<OrderingOptions>(
            OrderingOptions.Section, OrderingModule.Init, section + "retryBaseDelay: 1m\nretryMaxDelay: 10m\n", configFile: true, logs: logs);

        var result = await ordering.ReloadAsync(section + "retryBaseDelay: 10ms\nretryMaxDelay: 40ms\n");

        result.Succeeded.ShouldBeTrue();
        result.ChangedKeys.ShouldBe(["ordering.retryBaseDelay", "ordering.retryMaxDelay"]);
        var product = await hosts.NewProductAsync(stock: 5);
        using var client = ordering.Client();
        using var placed = await PlaceAsync(client, await AccessTokenAsync(), product);
        placed.StatusCode.ShouldBe(HttpStatusCode.Accepted, await placed.Content.ReadAsStringAsync());
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        string? retry = null;
        await Eventually.UntilAsync(
            () => (retry = logs.Entries.Select(e => e.Message).FirstOrDefault(m => m.Contains(orderId!, StringComparison.OrdinalIgnoreCase) && m.Contains("attempt 1 failed"))) is not null,
            "the saga's first retry logged");
        var delayMs = double.Parse(retry!.Split("retrying in ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        delayMs.ShouldBeLessThanOrEqualTo(40, retry);
    }

    private string Section(string catalogAddress, string? paymentsAddress = null) => $"""
        identityAddress: "{hosts.Identity.RpcAddress}"
        catalogAddress: "{catalogAddress}"
        paymentsAddress: "{paymentsAddress ?? hosts.Payments.RpcAddress.ToString()}"
        client:
          secretFile: "{TestServiceTokens.SecretFile(hosts.Identity)}"
          tokenUrl: "{TestServiceTokens.TokenUrl(hosts.Identity)}"
        {TestServiceTokens.AuthYaml(hosts.Identity)}

        """;

    private async Task<string> AccessTokenAsync()
    {
        var email = $"c-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery";
        using var identity = hosts.Identity.Client();
        using var registered = await identity.PostAsJsonAsync("/api/identity/users", new { email, password });
        registered.EnsureSuccessStatusCode();
        using var signedIn = await identity.PostAsJsonAsync("/api/identity/token", new { email, password });
        signedIn.EnsureSuccessStatusCode();
        return (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<HttpResponseMessage> PlaceAsync(HttpClient client, string token, Guid? product = null)
    {
        var body = $$"""{"items":[{"productId":"{{product ?? Guid.NewGuid()}}","quantity":1}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }
}
