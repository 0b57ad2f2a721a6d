using System.Net;
using System.Text.Json.Nodes;
using Atrium.EndToEnd.Tests.Infrastructure;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// Every service publishes an OpenAPI document of its public API under its own prefix, through the gateway, that a
/// standard validator accepts and a client can place an order from; the gateway serves the reference at /api/docs.
/// </summary>
public sealed class OpenApiTests(AtriumAllFixture atrium) : IClassFixture<AtriumAllFixture>
{
    private static readonly string[] Prefixes = ["identity", "catalog", "payments", "orders"];

    private string Gateway => $"http://127.0.0.1:{atrium.Ports.Gateway}";

    [Theory]
    [InlineData("identity", "/api/identity/users", "post")]
    [InlineData("catalog", "/api/catalog/products/{id}/stock", "put")]
    [InlineData("payments", "/api/payments/account", "get")]
    [InlineData("orders", "/api/orders", "post")]
    public async Task OpenApiDocument_ThroughTheGateway_DescribesTheModulesRoutes(string prefix, string path, string method)
    {
        var document = await DocumentAsync(prefix);

        document["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        document["info"]!["title"]!.GetValue<string>().ShouldStartWith("Atrium ");
        var paths = document["paths"]!.AsObject();
        paths.ContainsKey(path).ShouldBeTrue($"{path} missing from {string.Join(", ", paths.Select(p => p.Key))}");
        paths[path]!.AsObject().ContainsKey(method).ShouldBeTrue();
    }

    [Theory]
    [InlineData("identity")]
    [InlineData("catalog")]
    [InlineData("payments")]
    [InlineData("orders")]
    public async Task OpenApiDocument_EveryOperation_DocumentsItsAnswersSecurityAndServers(string prefix)
    {
        var document = await DocumentAsync(prefix);

        document["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()).ShouldBe(["/"]);
        var bearer = document["components"]!["securitySchemes"]!["bearer"]!;
        (bearer["type"]!.GetValue<string>(), bearer["scheme"]!.GetValue<string>()).ShouldBe(("http", "bearer"));
        document["components"]!["schemas"]!["Problem"]!["properties"]!.AsObject().Select(p => p.Key)
            .ShouldBe(["type", "title", "status", "detail", "instance", "code", "trace_id", "errors"], ignoreOrder: true);
        var paths = document["paths"]!.AsObject();
        paths.Select(p => p.Key).ShouldAllBe(path => path.StartsWith("/api/" + prefix, StringComparison.Ordinal) || path == "/.well-known/jwks.json");
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var where = $"{method} {path}";
                operation!["operationId"].ShouldNotBeNull(where);
                operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe([prefix], where);
                var responses = operation["responses"]!.AsObject();
                responses.Select(r => r.Key).ShouldContain(status => status.StartsWith('2'), where);
                foreach (var status in responses.Select(r => r.Key).Where(s => s[0] is '4' or '5'))
                {
                    responses[status]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>()
                        .ShouldBe("#/components/schemas/Problem", $"{where} {status}");
                }

                responses.ContainsKey("429").ShouldBeTrue(where);
                if (operation["requestBody"] is not null)
                {
                    new[] { "400", "415" }.ShouldBeSubsetOf(responses.Select(r => r.Key), where);
                }

                if (operation["security"] is JsonArray security)
                {
                    security.Single()!.AsObject().Select(s => s.Key).ShouldBe(["bearer"], where);
                    responses.ContainsKey("401").ShouldBeTrue(where);
                }
            }
        }
    }

    [Theory]
    [InlineData("identity", "/api/identity/users", "post", "201", false, "409")]
    [InlineData("identity", "/api/identity/me", "get", "200", true, "401")]
    [InlineData("catalog", "/api/catalog/products", "post", "201", true, "403", "409", "415")]
    [InlineData("catalog", "/api/catalog/products/{id}", "get", "200", false, "404")]
    [InlineData("payments", "/api/payments/orders/{orderId}", "get", "200", true, "400", "403", "404")]
    [InlineData("orders", "/api/orders", "post", "202", true, "400", "409", "415")]
    [InlineData("orders", "/api/orders/{id}", "get", "200", true, "404")]
    public async Task OpenApiDocument_Operation_DocumentsItsRealStatusCodes(string prefix, string path, string method, string success, bool bearer, params string[] problems)
    {
        var operation = (await DocumentAsync(prefix))["paths"]![path]![method]!;

        var responses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
        responses.ShouldContain(success);
        problems.ShouldBeSubsetOf(responses);
        (operation["security"] is not null).ShouldBe(bearer);
    }

    [Fact]
    public async Task OpenApiDocument_Orders_DocumentsIdempotencyKeyAndPreferWait()
    {
        var paths = (await DocumentAsync("orders"))["paths"]!;

        var key = paths["/api/orders"]!["post"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Idempotency-Key")!;
        (key["in"]!.GetValue<string>(), key["required"]!.GetValue<bool>()).ShouldBe(("header", true));
        var get = paths["/api/orders/{id}"]!["get"]!;
        var prefer = get["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Prefer")!;
        (prefer["in"]!.GetValue<string>(), prefer["required"]?.GetValue<bool>() ?? false).ShouldBe(("header", false));
        get["responses"]!["200"]!["headers"]!.AsObject().ContainsKey("Preference-Applied").ShouldBeTrue();
    }

    [Fact]
    public async Task OpenApiDocuments_StandardValidator_AreValid()
    {
        var (exit, lines, stderr) = await OpenApiClient.RunAsync(["validate", Gateway, .. Prefixes]);

        lines.Count.ShouldBe(Prefixes.Length, stderr);
        foreach (var line in lines)
        {
            line["ok"]!.GetValue<bool>().ShouldBeTrue(line.ToJsonString());
            line["operations"]!.GetValue<int>().ShouldBeGreaterThan(0);
        }

        exit.ShouldBe(0, stderr);
    }

    [Fact]
    public async Task OpenApiDocuments_ClientBuiltFromThem_PlacesAnOrder()
    {
        var (exit, lines, stderr) = await OpenApiClient.RunAsync("place-order", Gateway, CommerceApi.AdminEmail, AtriumProcess.AdminPassword);

        var result = lines.ShouldHaveSingleItem();
        result["ok"]!.GetValue<bool>().ShouldBeTrue(result.ToJsonString() + stderr);
        exit.ShouldBe(0);
        result["accepted"]!.GetValue<int>().ShouldBe(202);
        result["replayOrderId"]!.GetValue<string>().ShouldBe(result["orderId"]!.GetValue<string>());
        result["status"]!.GetValue<string>().ShouldBe("Confirmed");
        var orderId = Guid.Parse(result["orderId"]!.GetValue<string>());
        orderId.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task ApiReference_ThroughTheGateway_ServesScalarWithItsOwnAssets()
    {
        using var page = await atrium.Http.GetAsync(new Uri($"{Gateway}/api/docs/"));
        var html = await page.Content.ReadAsStringAsync();
        using var script = await atrium.Http.GetAsync(new Uri($"{Gateway}/api/docs/scalar.js"));

        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("src=\"scalar.js\"");
        html.ShouldNotContain("https://");
        html.ShouldNotContain("cdn", Case.Insensitive);
        foreach (var prefix in Prefixes)
        {
            html.ShouldContain($"api/{prefix}/openapi.json");
        }

        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await script.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(100_000);
    }

    // Anonymous, as the reference page reads them: the gateway lets the documents through where it checks tokens.
    private async Task<JsonNode> DocumentAsync(string prefix)
    {
        var (status, document) = await new CommerceApi(atrium.Http, atrium.Ports.Gateway).GetAsync($"/api/{prefix}/openapi.json", token: null);
        status.ShouldBe(HttpStatusCode.OK);
        return document!;
    }
}
