using System.Net;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Admin;

/// <summary>Every admin view is redacted by the config's one redactor, whatever kind of secret it holds.</summary>
public sealed class AdminRedactionTests : IAsyncLifetime
{
    private static readonly string ApiKeyHash = string.Concat(Enumerable.Repeat("ab", 32));

    private static readonly string[] Secrets =
    [
        GatewayHost.AdminToken, "otlp-header-secret", "cluster-pass-secret", "clusteruser", "jwks-pass-secret",
        "route-match-secret", "upstream-token-secret", "dXNlcjpzZWNyZXQ", ApiKeyHash, "referenced-file-secret",
    ];

    private readonly string _secretFile = Path.GetTempFileName();

    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_secretFile, "referenced-file-secret\n");
        _gateway = await GatewayHost.StartAsync(
            $$"""
            auth:
              apiKeys:
                - { id: ci, sha256: "{{ApiKeyHash}}", subject: ci-bot }
              jwt: { issuer: atrium, audiences: [atrium], jwksUrl: "http://jwks:jwks-pass-secret@127.0.0.1:9/jwks.json" }
            routes:
              - id: api
                match: { path: "/api/{**rest}", headers: [{ name: Authorization, values: ["Bearer route-match-secret"] }] }
                cluster: echo
                transforms:
                  requestHeaders: { set: { X-Upstream-Token: upstream-token-secret, Authorization: "Basic dXNlcjpzZWNyZXQ=", X-From-File: "${file:{{_secretFile}}}" } }
            clusters:
              echo: { endpoints: ["http://clusteruser:cluster-pass-secret@127.0.0.1:9"] }
            """,
            fromFile: true,
            sectionsYaml: """
            telemetry:
              otlp: { headers: "api-key=otlp-header-secret,x-tenant=blue" }
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        File.Delete(_secretFile);
    }

    [Fact]
    public async Task Config_EverySecretKind_IsMaskedAndTheRestShown()
    {
        var config = await GetAsync("/admin/config");

        foreach (var secret in Secrets)
        {
            config.ShouldNotContain(secret);
        }

        config.ShouldContain("\"token\": \"***\"");
        config.ShouldContain("\"headers\": \"api-key=***,x-tenant=***\"");
        config.ShouldContain("\"sha256\": \"***\"");
        config.ShouldContain("http://***@127.0.0.1:9");
        config.ShouldContain("http://***@127.0.0.1:9/jwks.json");
        config.ShouldContain("\"X-Upstream-Token\": \"***\"");
        config.ShouldContain("\"X-From-File\": \"***\"");
        config.ShouldContain("\"Authorization\": \"***\"");
        // What is not secret stays readable.
        config.ShouldContain("\"subject\": \"ci-bot\"");
        config.ShouldContain("\"name\": \"Authorization\"");
    }

    [Fact]
    public async Task Routes_HeaderMatchOnAuthorization_ValuesMasked()
    {
        var routes = await GetAsync("/admin/routes");

        routes.ShouldNotContain("route-match-secret");
        routes.ShouldContain("\"name\":\"Authorization\"");
        routes.ShouldContain("\"values\":[\"***\"]");
    }

    [Fact]
    public async Task Clusters_EndpointWithUserInfo_UserInfoMasked()
    {
        var clusters = await GetAsync("/admin/clusters");

        clusters.ShouldNotContain("cluster-pass-secret");
        clusters.ShouldNotContain("clusteruser");
        clusters.ShouldContain("\"address\":\"http://***@127.0.0.1:9\"");
    }

    [Fact]
    public async Task Reload_ErrorQuotingASecret_IsMaskedInTheAnswerAndTheStatus()
    {
        await _gateway!.WriteConfigAsync("""
            routes:
              - { id: api, match: { path: "/api/{**rest}" }, cluster: echo }
            clusters:
              echo: { endpoints: ["ftp://reloaduser:reload-pass-secret@127.0.0.1:9"] }
            """);
        using var admin = _gateway.AdminClient();

        using var reload = await admin.PostAsync("/admin/reload", null);
        var answer = await reload.Content.ReadAsStringAsync();
        var status = await GetAsync("/admin/reload");

        reload.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        foreach (var view in new[] { answer, status })
        {
            view.ShouldNotContain("reload-pass-secret");
            using var document = JsonDocument.Parse(view);
            document.RootElement.GetProperty("errors")[0].GetProperty("message").GetString()
                .ShouldBe("'ftp://***@127.0.0.1:9' is not an absolute http or https address");
        }
    }

    private async Task<string> GetAsync(string path)
    {
        using var admin = _gateway!.AdminClient();
        using var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }
}
