using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class HopByHopHeadersTests(ForwardingFixture fixture) : IClassFixture<ForwardingFixture>
{
    [Fact]
    public async Task CopyRequestHeaders_HopByHopHeaders_DoNotReachUpstream()
    {
        using var client = fixture.Untrusting.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        // Not "X-Custom, keep-alive": Kestrel rewrites a Connection header holding keep-alive to just "keep-alive",
        // so the other tokens never reach the gateway (see the test report).
        request.Headers.TryAddWithoutValidation("Connection", "X-Custom, X-Other");
        request.Headers.TryAddWithoutValidation("X-Custom", "connection-scoped");
        request.Headers.TryAddWithoutValidation("x-other", "connection-scoped");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic Zm9vOmJhcg==");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("TE", "gzip");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "kept");

        using var response = await client.SendAsync(request);
        var echo = await EchoResponse.ReadAsync(response);

        foreach (var name in new[] { "X-Custom", "X-Other", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Upgrade", "TE" })
        {
            echo.Header(name).ShouldBeEmpty(name);
        }

        echo.Header("Connection").ShouldNotContain(v => v.Contains("X-Custom", StringComparison.OrdinalIgnoreCase));
        echo.Header("X-End-To-End").ShouldBe(["kept"]);
    }

    [Fact]
    public async Task Forward_UpgradeToH2c_IsForwardedAsPlainRequestWithoutUpgrade()
    {
        // Only WebSocket upgrades are tunnelled: an h2c upgrade that an upstream accepted would hand the client's
        // connection to the upstream's HTTP/2, past the gateway's routes and policies.
        var answer = await RawHttp.GetAsync(fixture.Untrusting.ProxyPort, "/h2c",
            "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nConnection: Upgrade, HTTP2-Settings\r\n");

        answer.ShouldStartWith("HTTP/1.1 200", customMessage: answer);
        // The echo's JSON, whatever the framing (chunked) around it.
        var body = answer[answer.IndexOf('{', StringComparison.Ordinal)..(answer.LastIndexOf('}') + 1)];
        var echo = EchoResponse.Parse(body);
        echo.Path.ShouldBe("/h2c");
        echo.Header("Upgrade").ShouldBeEmpty();
        echo.Header("HTTP2-Settings").ShouldBeEmpty();
    }

    [Fact]
    public async Task CopyRequestHeaders_TeTrailers_IsForwarded()
    {
        using var client = fixture.Untrusting.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.TryAddWithoutValidation("TE", "trailers");

        using var response = await client.SendAsync(request);
        var echo = await EchoResponse.ReadAsync(response);

        echo.Header("TE").ShouldBe(["trailers"]);
    }

    [Fact]
    public async Task CopyResponseHeaders_HeadersNamedByUpstreamConnection_DoNotReachClient()
    {
        using var client = fixture.Untrusting.Client();

        using var response = await client.GetAsync("/hop-response");

        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
        response.Headers.Contains("X-Secret").ShouldBeFalse();
        response.Headers.Contains("Keep-Alive").ShouldBeFalse();
        response.Headers.Connection.ShouldNotContain("X-Secret");
        response.Headers.GetValues("X-Kept").ShouldBe(["end-to-end"]);
    }

    [Fact]
    public async Task CopyResponseHeaders_ListValuedHeader_IsRelayedAsTheUpstreamSentIt()
    {
        var answer = await RawHttp.GetAsync(fixture.Untrusting.ProxyPort, "/list-response");

        answer.ShouldStartWith("HTTP/1.1 200", customMessage: answer);
        answer.ShouldContain("\r\nVary: Accept, Origin\r\n", Case.Sensitive, answer);
        answer.ShouldNotContain("\r\nVary: Accept\r\n", Case.Sensitive, answer);
    }
}
