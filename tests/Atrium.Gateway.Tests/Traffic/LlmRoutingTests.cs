using System.Net;
using System.Text;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Traffic;

/// <summary>
/// <c>llm</c> routes against two OpenAI-compatible servers of the tests' own: routing by model, fallback on 429 and on
/// a held first token (the gateway's clock skipped past the timeout, no waiting on time), events streamed one by one,
/// token budgets from the answers' usage, bad and huge bodies.
/// </summary>
public sealed class LlmRoutingTests : IAsyncLifetime
{
    private OpenAiTestServer? _primary;
    private OpenAiTestServer? _secondary;

    public async Task InitializeAsync()
    {
        _primary = await OpenAiTestServer.StartAsync("primary");
        _secondary = await OpenAiTestServer.StartAsync("secondary");
    }

    public async Task DisposeAsync()
    {
        await _primary!.DisposeAsync();
        await _secondary!.DisposeAsync();
    }

    [Fact]
    public async Task Completion_ModelInMap_GoesToItsCluster_OthersToTheDefault()
    {
        await using var gateway = await GatewayHost.StartAsync(Config());
        using var client = gateway.Client();

        (await CompleteAsync(client, "llama-3")).ShouldContain("hello from secondary (llama-3)");
        (await CompleteAsync(client, "gpt-x", path: "/v1/completions")).ShouldContain("hello from primary (gpt-x)");

        _secondary!.Models.ShouldBe(["llama-3"]);
        _primary!.Models.ShouldBe(["gpt-x"]);
    }

    [Fact]
    public async Task Streamed_EachEventReachesTheClientBeforeTheNextIsSent()
    {
        _primary!.HoldSecondEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gateway = await GatewayHost.StartAsync(Config());
        using var client = gateway.Client();

        using var response = await client.SendAsync(Post("/v1/chat/completions", OpenAiTestServer.Request("gpt-x", stream: true)), HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The server holds its second event until the first has come through the gateway.
        (await reader.ReadLineAsync())!.ShouldContain("hello from primary");
        _primary.HoldSecondEvent.SetResult();
        var rest = await reader.ReadToEndAsync();
        rest.ShouldContain("and goodbye");
        rest.ShouldContain("data: [DONE]");
    }

    [Fact]
    public async Task Primary429_FallsBackToTheSecondCluster()
    {
        _primary!.TooManyRequests = true;
        await using var gateway = await GatewayHost.StartAsync(Config());
        using var client = gateway.Client();

        (await CompleteAsync(client, "gpt-x")).ShouldContain("hello from secondary (gpt-x)");
        _primary.Models.ShouldBe(["gpt-x"]);
    }

    [Fact]
    public async Task Primary429_WithoutFallback_ReachesTheClient()
    {
        _primary!.TooManyRequests = true;
        await using var gateway = await GatewayHost.StartAsync(Config(fallback: ""));
        using var client = gateway.Client();

        using var response = await client.SendAsync(Post("/v1/chat/completions", OpenAiTestServer.Request("gpt-x")));

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await response.Content.ReadAsStringAsync()).ShouldContain("rate limited by primary");
    }

    [Fact]
    public async Task SlowFirstToken_FallsBackToTheSecondCluster()
    {
        var clock = new SkippableClock();
        _primary!.HoldFirstToken = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gateway = await GatewayHost.StartAsync(Config(firstTokenTimeout: "10m"), time: clock);
        using var client = gateway.Client();

        var answer = client.SendAsync(Post("/v1/chat/completions", OpenAiTestServer.Request("gpt-x", stream: true)));
        // The primary has sent its headers and holds the first token; the gateway's clock passes the timeout.
        await _primary.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Skip(TimeSpan.FromMinutes(11));
        using var response = await answer;

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("hello from secondary (gpt-x)");
    }

    [Fact]
    public async Task TokenBudget_SpentByNonStreamedAndStreamedUsage_Answers429TokenBudgetExhausted()
    {
        // 30 tokens: the first answer (20) leaves some, the streamed one's final usage chunk (20) spends it all.
        await using var gateway = await GatewayHost.StartAsync(Config(extra: "tokenBudget: 30, budgetWindow: 1h"));
        using var client = gateway.Client();

        await CompleteAsync(client, "gpt-x");
        using (var streamed = await client.SendAsync(Post("/v1/chat/completions", OpenAiTestServer.Request("gpt-x", stream: true, includeUsage: true))))
        {
            streamed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await streamed.Content.ReadAsStringAsync()).ShouldContain("\"usage\"");
        }

        using var refused = await client.SendAsync(Post("/v1/chat/completions", OpenAiTestServer.Request("gpt-x")));
        await ProblemAssert.ShouldBeProblemAsync(refused, HttpStatusCode.TooManyRequests, "TOKEN_BUDGET_EXHAUSTED");
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 3600);
        _primary!.Models.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("{\"messages\": []}")]
    [InlineData("{\"model\": 42}")]
    [InlineData("not json")]
    public async Task BodyWithoutModel_Answers400ValidationFailed(string body)
    {
        await using var gateway = await GatewayHost.StartAsync(Config());
        using var client = gateway.Client();

        using var response = await client.SendAsync(Post("/v1/chat/completions", body));

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        _primary!.Models.ShouldBeEmpty();
    }

    [Fact]
    public async Task Get_GoesToTheRouteClusterUntouched()
    {
        await using var gateway = await GatewayHost.StartAsync(Config());
        using var client = gateway.Client();

        using var response = await client.GetAsync("/v1/chat/completions");

        // The test server maps only POSTs: the GET reached it (405 from its routing), not a 400 from the gateway.
        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task HugeChunkedBody_Answers413_AndNothingIsSent()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(extra: "maxRequestBodySize: 4096"));
        using var client = gateway.Client();
        var huge = "{\"model\": \"gpt-x\", \"messages\": [\"" + new string('a', 1024 * 1024) + "\"]}";
        using var request = Post("/v1/chat/completions", huge);
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        _primary!.Models.ShouldBeEmpty();
    }

    private static HttpRequestMessage Post(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task<string> CompleteAsync(HttpClient client, string model, string path = "/v1/chat/completions")
    {
        using var response = await client.SendAsync(Post(path, OpenAiTestServer.Request(model)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private string Config(string fallback = "secondary", string firstTokenTimeout = "800ms", string extra = "") => $$"""
        routes:
          - id: llm
            match: { pathPrefix: /v1 }
            cluster: primary
            llm: { models: { llama-3: secondary }, fallbackCluster: "{{fallback}}", firstTokenTimeout: {{firstTokenTimeout}}{{(extra.Length > 0 ? ", " + extra : "")}} }
        clusters:
          primary: { endpoints: ["{{_primary!.Address}}"] }
          secondary: { endpoints: ["{{_secondary!.Address}}"] }
        """;
}
