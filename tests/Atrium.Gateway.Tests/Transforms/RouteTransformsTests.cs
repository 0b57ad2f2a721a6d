using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Transforms;

public sealed class RouteTransformsTests(TransformsFixture fixture) : IClassFixture<TransformsFixture>
{
    [Theory]
    [InlineData("/strip/a/b", "/a/b")]
    [InlineData("/strip", "/")]
    [InlineData("/strip/", "/")]
    [InlineData("/add/x", "/v1/add/x")]
    [InlineData("/add", "/v1/add")]
    [InlineData("/old/thing", "/new/thing")]
    [InlineData("/old", "/new")]
    [InlineData("/api/orders/42/items", "/orders/42/items")]
    [InlineData("/api/orders/42", "/orders/42")]
    [InlineData("/api/orders", "/orders")]
    [InlineData("/api/users/7/profile/emails", "/profiles/7/emails")]
    public async Task TransformPath_RouteRewrite_UpstreamSeesNewPath(string path, string upstreamPath)
    {
        var echo = await Send(path);

        echo.Path.ShouldBe(upstreamPath);
        echo.Query.ShouldBe("");
    }

    [Theory]
    [InlineData("/strip/a?x=1&y=%20z", "/a", "?x=1&y=%20z")]
    [InlineData("/api/orders/42?expand=items&expand=total", "/orders/42", "?expand=items&expand=total")]
    [InlineData("/add?q=a%2Fb", "/v1/add", "?q=a%2Fb")]
    public async Task TransformPath_WithQuery_QueryStringPassesUnchanged(string pathAndQuery, string upstreamPath, string query)
    {
        var echo = await Send(pathAndQuery);

        echo.Path.ShouldBe(upstreamPath);
        echo.Query.ShouldBe(query);
    }

    [Fact]
    public async Task RequestHeaders_SetAppendRemove_AppliedBeforeUpstream()
    {
        var echo = await Send("/headers", request =>
        {
            request.Headers.Add("X-Remove-Me", "client");
            request.Headers.Add("Cookie", "session=1");
            request.Headers.Add("X-Set", "client");
            request.Headers.Add("X-Append", "client");
            request.Headers.Add("X-Untouched", "client");
        });

        echo.Header("X-Remove-Me").ShouldBeEmpty();
        echo.Header("Cookie").ShouldBeEmpty();
        echo.Header("X-Set").ShouldBe(["gateway"]);
        echo.Header("X-Overwrite").ShouldBe(["gateway"]);
        string.Join(",", echo.Header("X-Append")).Replace(" ", "", StringComparison.Ordinal).ShouldBe("client,gateway");
        echo.Header("X-Untouched").ShouldBe(["client"]);
    }

    [Fact]
    public async Task ResponseHeaders_SetAppendRemove_AppliedBeforeClient()
    {
        using var client = fixture.Gateway.Client();

        using var response = await client.GetAsync("/headers");

        response.Headers.Contains("X-Upstream-Secret").ShouldBeFalse();
        response.Headers.GetValues("X-Replace-Me").ShouldBe(["gateway"]);
        response.Headers.GetValues("X-Multi").ShouldBe(["upstream", "gateway"]);
    }

    [Fact]
    public async Task ResponseHeaders_RouteWithoutTransforms_PassUnchanged()
    {
        using var client = fixture.Gateway.Client();

        using var response = await client.GetAsync("/strip/x");

        response.Headers.GetValues("X-Upstream-Secret").ShouldBe(["s3cret"]);
        response.Headers.GetValues("X-Multi").ShouldBe(["upstream"]);
    }

    [Fact]
    public async Task OriginalPathHeader_Configured_CarriesClientPathAndQuery()
    {
        var echo = await Send("/orig/a/b?c=d");

        echo.Path.ShouldBe("/a/b");
        echo.Header("X-Original-Path").ShouldBe(["/orig/a/b?c=d"]);
    }

    [Fact]
    public async Task OriginalPathHeader_NotConfigured_NotSent()
    {
        var echo = await Send("/strip/a");

        echo.Header("X-Original-Path").ShouldBeEmpty();
    }

    private async Task<EchoResponse> Send(string pathAndQuery, Action<HttpRequestMessage>? configure = null)
    {
        using var client = fixture.Gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        configure?.Invoke(request);
        using var response = await client.SendAsync(request);
        return await EchoResponse.ReadAsync(response);
    }
}
