using System.Net;
using System.Text.Json;

namespace Atrium.Gateway.Tests.Routing;

public sealed class RouteMatchingTests(RoutingFixture fixture) : IClassFixture<RoutingFixture>
{
    [Theory]
    [InlineData("/r/exact", "exact")]
    [InlineData("/R/EXACT", "exact")]
    [InlineData("/r/exact/", "exact")]
    [InlineData("/r/items/42", "template")]
    [InlineData("/r/items/42/", "template")]
    [InlineData("/r/files/a/b/c.txt", "catch-all")]
    [InlineData("/r/files", "catch-all")]
    [InlineData("/r/files/", "catch-all")]
    [InlineData("/api", "prefix")]
    [InlineData("/api/orders/1", "prefix")]
    [InlineData("/re/123", "regex")]
    public async Task Match_PathForms_PickTheRoute(string path, string route)
    {
        (await RouteOf(HttpMethod.Get, path)).ShouldBe(route);
    }

    [Theory]
    [InlineData("/apix")]
    [InlineData("/r/items")]
    [InlineData("/r/items/1/2")]
    [InlineData("/re/12a")]
    [InlineData("/r/exactly")]
    public async Task Match_PathNotCovered_Returns404(string path)
    {
        (await RouteOf(HttpMethod.Get, path)).ShouldBeNull();
    }

    [Theory]
    [InlineData("api.example.com", "host-exact")]
    [InlineData("API.Example.COM", "host-exact")]
    [InlineData("eu.example.com", "host-wildcard")]
    [InlineData("a.b.example.com", "host-wildcard")]
    [InlineData("example.com", "host-any")]
    [InlineData("other.test", "host-any")]
    public async Task Match_HostHeader_PrefersExactThenWildcard(string host, string route)
    {
        (await RouteOf(HttpMethod.Get, "/h", r => r.Headers.Host = host)).ShouldBe(route);
    }

    [Theory]
    [InlineData("POST", "method-post")]
    [InlineData("PUT", "method-post")]
    [InlineData("GET", "method-any")]
    [InlineData("DELETE", "method-any")]
    public async Task Match_Method_PrefersRouteWithMethodCondition(string method, string route)
    {
        (await RouteOf(new HttpMethod(method), "/m")).ShouldBe(route);
    }

    [Theory]
    [InlineData("/hd/exact", "X-Version", "3", "header-exact")]
    [InlineData("/hd/exact", "X-Version", "4", "header-fallback")]
    [InlineData("/hd/exact", "X-Version", "2 ", "header-exact")] // HttpClient/Kestrel trim header whitespace
    [InlineData("/hd/prefix", "X-Client", "mobile-ios", "header-prefix")]
    [InlineData("/hd/prefix", "X-Client", "web-mobile-", "header-fallback")]
    [InlineData("/hd/regex", "X-Tenant", "t42", "header-regex")]
    [InlineData("/hd/regex", "X-Tenant", "t42x", "header-fallback")]
    [InlineData("/hd/present", "X-Debug", "", "header-present")]
    [InlineData("/hd/present", "X-Other", "1", "header-fallback")]
    [InlineData("/hd/absent", "X-Other", "1", "header-absent")]
    [InlineData("/hd/absent", "Authorization", "Bearer x", "header-fallback")]
    public async Task Match_HeaderConditions_MatchOrFallBack(string path, string header, string value, string route)
    {
        (await RouteOf(HttpMethod.Get, path, r => r.Headers.TryAddWithoutValidation(header, value))).ShouldBe(route);
    }

    [Theory]
    [InlineData("/q/exact?v=1", "query-exact")]
    [InlineData("/q/exact?a=b&v=1", "query-exact")]
    [InlineData("/q/exact?v=2", "query-fallback")]
    [InlineData("/q/exact?V=1", "query-exact")] // ASP.NET Core query keys are case-insensitive
    [InlineData("/q/exact", "query-fallback")]
    public async Task Match_QueryCondition_MatchOrFallBack(string pathAndQuery, string route)
    {
        (await RouteOf(HttpMethod.Get, pathAndQuery)).ShouldBe(route);
    }

    [Theory]
    [InlineData("/p/special", "specific-exact")]
    [InlineData("/p/other", "specific-catch-all")]
    public async Task Match_SpecificRouteAfterCatchAllInFile_SpecificWins(string path, string route)
    {
        (await RouteOf(HttpMethod.Get, path)).ShouldBe(route);
    }

    [Fact]
    public async Task Match_ExplicitOrder_BeatsSpecificity()
    {
        (await RouteOf(HttpMethod.Get, "/o/special")).ShouldBe("order-catch-all");
    }

    [Fact]
    public async Task Match_NoRoute_ReturnsProblemNotFound()
    {
        using var client = fixture.Gateway.Client();

        using var response = await client.GetAsync("/nothing/here");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.GetValues("X-Error-Code").ShouldBe(["NOT_FOUND"]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("code").GetString().ShouldBe("NOT_FOUND");
        body.RootElement.GetProperty("status").GetInt32().ShouldBe(404);
    }

    /// <summary>The id of the route that served the request, or null after checking it was the gateway's 404.</summary>
    private async Task<string?> RouteOf(HttpMethod method, string pathAndQuery, Action<HttpRequestMessage>? configure = null)
    {
        using var client = fixture.Gateway.Client();
        using var request = new HttpRequestMessage(method, pathAndQuery);
        configure?.Invoke(request);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Headers.GetValues("X-Error-Code").ShouldBe(["NOT_FOUND"]);
            return null;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return response.Headers.GetValues("X-Route").Single();
    }
}
