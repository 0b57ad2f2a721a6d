using System.Net;
using System.Security.Cryptography;
using Atrium.EndToEnd.Tests.Infrastructure;

namespace Atrium.EndToEnd.Tests;

public class TraceLoggingTests(AtriumAllFixture atrium) : IClassFixture<AtriumAllFixture>
{
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task LogLine_TracedRequestToService_CarriesTheTraceId()
    {
        var (traceId, parentSpanId) = NewTraceContext();

        using var response = await SendTracedAsync(atrium.Ports.Catalog, "/traced-request", traceId, parentSpanId);

        var line = await atrium.Process.WaitForLogAsync(l => l["trace_id"] == traceId, LogTimeout, $"a log line with trace_id {traceId}");
        line["service"].ShouldBe("catalog");
        foreach (var member in new[] { "timestamp", "level", "category", "message", "span_id" })
        {
            line.Has(member).ShouldBeTrue($"'{member}' is missing from {line.Text}");
        }

        line["span_id"].ShouldNotBe(parentSpanId);
        line["span_id"]!.Length.ShouldBe(16);
    }

    [Fact]
    public async Task AccessLogs_TracedRequestThroughGateway_ContinueTheTraceWithNewSpans()
    {
        var (traceId, parentSpanId) = NewTraceContext();

        using var response = await SendTracedAsync(atrium.Ports.Gateway, "/api/catalog/products", traceId, parentSpanId);

        // The catalog's product list, answered through the gateway.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var gateway = await atrium.Process.WaitForLogAsync(
            l => l["trace_id"] == traceId && l["category"] == "Atrium.Gateway.Access", LogTimeout, "the gateway's access log line");
        var catalog = await atrium.Process.WaitForLogAsync(
            l => l["trace_id"] == traceId && l["category"] == "Atrium.Access", LogTimeout, "the catalog's access log line");
        gateway["service"].ShouldBe("gateway");
        gateway["Route"].ShouldBe("catalog");
        catalog["service"].ShouldBe("catalog");
        catalog["Path"].ShouldBe("/api/catalog/products");
        gateway["span_id"].ShouldNotBeNullOrEmpty();
        catalog["span_id"].ShouldNotBeNullOrEmpty();
        catalog["span_id"].ShouldNotBe(gateway["span_id"]);
        new[] { gateway["span_id"], catalog["span_id"] }.ShouldNotContain(parentSpanId);
    }

    private async Task<HttpResponseMessage> SendTracedAsync(int port, string path, string traceId, string parentSpanId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}{path}"));
        request.Headers.Add("traceparent", $"00-{traceId}-{parentSpanId}-01");
        return await atrium.Http.SendAsync(request);
    }

    private static (string TraceId, string SpanId) NewTraceContext() =>
        (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
}
