using System.Net;
using Atrium.EndToEnd.Tests.Infrastructure;

namespace Atrium.EndToEnd.Tests;

/// <summary>Every service publishes an OpenAPI document of its public API under its own prefix, through the gateway.</summary>
public sealed class OpenApiTests(AtriumAllFixture atrium) : IClassFixture<AtriumAllFixture>
{
    [Theory]
    [InlineData("identity", "/api/identity/users", "post")]
    [InlineData("catalog", "/api/catalog/products/{id}/stock", "put")]
    [InlineData("payments", "/api/payments/account", "get")]
    [InlineData("orders", "/api/orders", "post")]
    public async Task OpenApiDocument_ThroughTheGateway_DescribesTheModulesRoutes(string prefix, string path, string method)
    {
        var api = new CommerceApi(atrium.Http, atrium.Ports.Gateway);
        // The payments route checks tokens at the edge; the others are anonymous there.
        var token = prefix == "payments" ? await api.RegisterAsync($"openapi-{Guid.NewGuid():N}@example.com") : null;

        var (status, document) = await api.GetAsync($"/api/{prefix}/openapi.json", token);

        status.ShouldBe(HttpStatusCode.OK);
        document!["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        document["info"]!["title"]!.GetValue<string>().ShouldStartWith("Atrium ");
        var paths = document["paths"]!.AsObject();
        paths.ContainsKey(path).ShouldBeTrue($"{path} missing from {string.Join(", ", paths.Select(p => p.Key))}");
        paths[path]!.AsObject().ContainsKey(method).ShouldBeTrue();
    }
}
