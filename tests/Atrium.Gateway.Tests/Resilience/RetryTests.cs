using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Resilience;

public sealed class RetryTests : TwoUpstreamTests
{
    [Fact]
    public async Task Get_ConnectFailure_RetriedOnTheOtherEndpoint()
    {
        await using var gateway = await StartAsync(FreePort.ClosedAddress(), "minRetriesPerSecond: 1000");
        using var client = gateway.Client();

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/x");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.GetValues("X-Upstream").Single().ShouldBe("b");
        }

        B.Hits.ShouldBe(10);
    }

    [Fact]
    public async Task Get_Upstream503_RetriedOnTheOtherEndpoint()
    {
        await using var gateway = await StartAsync(A.Address, "minRetriesPerSecond: 1000");
        using var client = gateway.Client();
        A.Status = 503;

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/x");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        A.Hits.ShouldBe(5);
        B.Hits.ShouldBe(10);
    }

    [Fact]
    public async Task Get_StatusNotInRetryOn_NotRetried()
    {
        await using var gateway = await StartAsync(A.Address, "minRetriesPerSecond: 1000");
        using var client = gateway.Client();
        A.Status = 500;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/x");
            statuses.Add(response.StatusCode);
        }

        statuses.Count(s => s == HttpStatusCode.InternalServerError).ShouldBe(5);
        (A.Hits + B.Hits).ShouldBe(10);
    }

    [Fact]
    public async Task Post_NotRetriedUnlessMarked()
    {
        await using var gateway = await StartAsync(A.Address, "minRetriesPerSecond: 1000");
        using var client = gateway.Client();
        A.Status = 503;

        var failed = 0;
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.PostAsync("/x", new StringContent("hello"));
            failed += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        failed.ShouldBe(5);
        (A.Hits + B.Hits).ShouldBe(10);
    }

    [Fact]
    public async Task Post_MarkedSafe_SmallBodyReplayedOnRetry()
    {
        await using var gateway = await StartAsync(A.Address, "minRetriesPerSecond: 1000, retryNonIdempotent: true");
        using var client = gateway.Client();
        A.Status = 503;

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.PostAsync("/x", new StringContent($"body {i}"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).ShouldBe($"b:POST:body {i}");
        }

        A.Hits.ShouldBe(5);
    }

    [Fact]
    public async Task Post_MarkedSafe_BodyOverBufferCap_NotRetried()
    {
        await using var gateway = await StartAsync(A.Address, "minRetriesPerSecond: 1000, retryNonIdempotent: true, maxBufferedBodySize: 16");
        using var client = gateway.Client();
        A.Status = 503;

        var failed = 0;
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.PostAsync("/x", new StringContent(new string('x', 100)));
            failed += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        failed.ShouldBe(5);
    }

    [Fact]
    public async Task FullOutage_RetriesStayWithinTheBudget()
    {
        await using var gateway = await StartAsync(A.Address, "minRetriesPerSecond: 0, backoff: { base: 10ms, max: 20ms }");
        A.Status = 503;
        B.Status = 503;
        const int Workers = 40;
        const int PerWorker = 10;

        var workers = Enumerable.Range(0, Workers).Select(async _ =>
        {
            using var client = gateway.Client();
            for (var i = 0; i < PerWorker; i++)
            {
                using var response = await client.GetAsync("/x");
                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            }
        });
        await Task.WhenAll(workers);

        const int Requests = Workers * PerWorker;
        var retries = A.Hits + B.Hits - Requests;
        retries.ShouldBeGreaterThan(0, "with 40 requests in flight the budget grants some retries");
        retries.ShouldBeLessThanOrEqualTo(Requests * 20 / 100, $"{retries} retries for {Requests} requests");
    }

    [Fact]
    public async Task FullOutage_GenerousBudget_RetriesUpToMaxAttempts()
    {
        // The control for the budget test: with a budget that always grants, each request makes 1 + 2 attempts.
        await using var gateway = await StartAsync(A.Address, "minRetriesPerSecond: 100000, backoff: { base: 1ms, max: 2ms }");
        using var client = gateway.Client();
        A.Status = 503;
        B.Status = 503;

        for (var i = 0; i < 10; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }

        (A.Hits + B.Hits).ShouldBe(30);
    }

    private Task<GatewayHost> StartAsync(string first, string retry) =>
        GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: pair, retry: { enabled: true, {{retry}} } }
            clusters:
              pair:
                endpoints: ["{{first}}", "{{B.Address}}"]
                loadBalancing: { policy: roundRobin }
                circuitBreaker: { enabled: false }
                healthCheck: { passive: { enabled: false } }
            """);
}
