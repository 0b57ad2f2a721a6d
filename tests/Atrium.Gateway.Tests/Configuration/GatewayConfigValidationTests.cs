using Atrium.Chassis.Configuration;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Configuration;

public sealed class GatewayConfigValidationTests
{
    private const string Clusters = """
        clusters:
          orders: { endpoints: ["http://127.0.0.1:8104"] }
          catalog: { endpoints: ["http://127.0.0.1:8102"] }
        """;

    [Fact]
    public void Load_ValidRoutes_Succeeds()
    {
        var result = Load("""
            routes:
              - { id: a, match: { path: "/api/orders/{**rest}" }, cluster: orders, transforms: { pathTemplate: "/orders/{**rest}" } }
              - { id: b, match: { pathPrefix: /api/catalog }, cluster: catalog }
              - { id: c, match: { pathRegex: "^/x/[0-9]+$" }, cluster: catalog }
            """ + "\n" + Clusters);

        result.Errors.ShouldBeEmpty();
        result.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Load_DuplicateRouteId_ReportsBoth()
    {
        Errors("""
            routes:
              - { id: a, match: { path: /one }, cluster: orders }
              - { id: a, match: { path: /two }, cluster: orders }
            """).ShouldBe(["gateway.routes[1].id: duplicate route id 'a' (also routes[0])"]);
    }

    [Fact]
    public void Load_UnknownCluster_NamesRouteAndCluster()
    {
        Errors("""
            routes:
              - { id: a, match: { path: /one }, cluster: orders }
              - { id: b, match: { path: /two }, cluster: catalog }
              - { id: c, match: { path: /three }, cluster: odering }
            """).ShouldBe(["gateway.routes[2].cluster: unknown cluster 'odering'"]);
    }

    [Fact]
    public void Load_IdenticalMatches_ReportsLaterRouteUnreachable()
    {
        Errors("""
            routes:
              - { id: first, match: { path: "/api/{id}", methods: [GET, POST] }, cluster: orders }
              - { id: second, match: { path: "/API/{id}/", methods: [POST, GET] }, cluster: catalog }
            """).ShouldBe(["gateway.routes[1]: unreachable: route 'second' has the same match as route 'first' (routes[0]), which is ranked first"]);
    }

    [Fact]
    public void Load_IdenticalMatchesWithLowerOrderLater_ReportsEarlierRouteUnreachable()
    {
        Errors("""
            routes:
              - { id: first, match: { pathPrefix: /api }, cluster: orders }
              - { id: second, match: { pathPrefix: /api }, cluster: catalog, order: -1 }
            """).ShouldBe(["gateway.routes[0]: unreachable: route 'first' has the same match as route 'second' (routes[1]), which is ranked first"]);
    }

    [Fact]
    public void Load_InvalidPathRegex_ReportsRegexError()
    {
        var errors = Errors("""
            routes:
              - { id: a, match: { pathRegex: "^/x/(" }, cluster: orders }
            """);

        errors.Count.ShouldBe(1);
        errors[0].ShouldStartWith("gateway.routes[0].match.pathRegex: invalid regular expression: ");
    }

    [Fact]
    public void Load_InvalidHeaderRegex_ReportsValueError()
    {
        var errors = Errors("""
            routes:
              - { id: a, match: { path: /x, headers: [{ name: X-A, mode: regex, values: ["[a-"] }] }, cluster: orders }
            """);

        errors.Count.ShouldBe(1);
        errors[0].ShouldStartWith("gateway.routes[0].match.headers[0].values[0]: invalid regular expression: ");
    }

    [Fact]
    public void Load_CatchAllNotLast_ReportsTemplateError()
    {
        Errors("""
            routes:
              - { id: a, match: { path: "/api/{**rest}/more" }, cluster: orders }
            """).ShouldBe(["gateway.routes[0].match.path: catch-all '{**rest}' must be the last segment"]);
    }

    [Fact]
    public void Load_ParameterMixedWithText_ReportsTemplateError()
    {
        Errors("""
            routes:
              - { id: a, match: { path: "/api/v{version}" }, cluster: orders }
            """).ShouldBe(["gateway.routes[0].match.path: segment 'v{version}' mixes text and a parameter; a parameter must be a whole segment"]);
    }

    [Fact]
    public void Load_PathTemplateParameterNotInRoutePath_ReportsIt()
    {
        Errors("""
            routes:
              - { id: a, match: { path: "/api/orders/{id}" }, cluster: orders, transforms: { pathTemplate: "/orders/{orderId}" } }
            """).ShouldBe(["gateway.routes[0].transforms.pathTemplate: parameter 'orderId' is not in the route's path (it has: id)"]);
    }

    [Fact]
    public void Load_PathTemplateCombinedWithPrefixTransforms_ReportsIt()
    {
        Errors("""
            routes:
              - { id: a, match: { path: "/api/{**rest}" }, cluster: orders, transforms: { pathTemplate: "/{**rest}", pathPrefix: /v1 } }
            """).ShouldBe(["gateway.routes[0].transforms.pathTemplate: pathTemplate replaces the whole path; do not combine it with pathRemovePrefix or pathPrefix"]);
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("/relative")]
    [InlineData("http://127.0.0.1:8080/?a=b")]
    public void Load_BadEndpointUrl_ReportsEndpoint(string endpoint)
    {
        var result = ConfigLoader.Load(Gateway($$"""
            clusters:
              orders: { endpoints: ["{{endpoint}}"] }
            """), AtriumConfig.EmbeddedSource, TestConfigSchema.Create());

        result.Errors.Select(e => e.ToString())
            .ShouldBe([$"gateway.clusters.orders.endpoints[0]: '{endpoint}' is not an absolute http or https address"]);
    }

    [Fact]
    public void Load_TwoPathKinds_ReportsSetOnlyOne()
    {
        Errors("""
            routes:
              - { id: a, match: { path: /x, pathPrefix: /x }, cluster: orders }
            """).ShouldBe(["gateway.routes[0].match: set only one of path, pathPrefix and pathRegex"]);
    }

    [Fact]
    public void Load_HopByHopHeaderTransform_ReportsIt()
    {
        Errors("""
            routes:
              - { id: a, match: { path: /x }, cluster: orders, transforms: { requestHeaders: { set: { Connection: close } } } }
            """).ShouldBe(["gateway.routes[0].transforms.requestHeaders.set.Connection: 'Connection' is a hop-by-hop header and cannot be set"]);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOne()
    {
        Errors("""
            routes:
              - { id: a, match: { path: "/a/{**rest}/b" }, cluster: nowhere }
              - { id: a, match: { pathRegex: "(" }, cluster: orders }
            """).Count.ShouldBe(4);
    }

    private static List<string> Errors(string routesYaml)
    {
        var result = Load(routesYaml + "\n" + Clusters);
        result.Succeeded.ShouldBeFalse();
        return result.Errors.Select(e => e.ToString()).ToList();
    }

    private static ConfigLoadResult Load(string gatewayYaml) =>
        ConfigLoader.Load(Gateway(gatewayYaml), AtriumConfig.EmbeddedSource, TestConfigSchema.Create());

    private static string Gateway(string body) =>
        "gateway:\n" + string.Join("\n", body.ReplaceLineEndings("\n").Split('\n').Select(l => "  " + l));
}
