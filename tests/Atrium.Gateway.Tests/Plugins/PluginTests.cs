using System.Net;
using System.Text;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Gateway.Wasm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Plugins;

/// <summary>
/// proxy-wasm plugins written in WAT (<c>Plugins/Modules</c>), compiled by Wasmtime when the gateway loads them, run
/// through the real gateway module to a real upstream on loopback.
/// </summary>
public sealed class PluginTests : IAsyncLifetime
{
    private Upstream? _upstream;
    private int _adminHits;

    public PluginTests() => WasmPlugins.Enable();

    public async Task InitializeAsync() =>
        _upstream = await Upstream.StartAsync(app =>
        {
            app.MapPost("/r/echo-body", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                await context.Response.WriteAsync($"upstream got: {body}");
            });
            app.Map("/r/admin/{**rest}", (HttpContext context) =>
            {
                Interlocked.Increment(ref _adminHits);
                return EchoResponse.Write(context);
            });
            app.Map("/{**path}", EchoResponse.Write);
        });

    public async Task DisposeAsync() => await _upstream!.DisposeAsync();

    [Fact]
    public async Task HeadersPlugin_RequestAndResponse_AddsHeadersFromConfigAndProperties()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(Plugin("headers", "headers.wat", "tenant=blue")));
        using var client = gateway.Client();

        using var response = await client.GetAsync("/r/items?q=1");
        var echo = await EchoResponse.ReadAsync(response);

        echo.Header("x-plugin-config").ShouldBe(["tenant=blue"]);
        echo.Header("x-route").ShouldBe(["r"]);
        echo.Header("x-method").ShouldBe(["GET"]);
        echo.Header("x-path").ShouldBe(["/r/items?q=1"]);
        echo.Header("x-source").ShouldHaveSingleItem().ShouldStartWith("127.0.0.1:");
        response.Headers.GetValues("x-plugin-response").ShouldBe(["added"]);

        using var admin = gateway.AdminClient();
        using var routes = JsonDocument.Parse(await admin.GetStringAsync("/admin/routes"));
        var plugins = routes.RootElement.ToString();
        plugins.ShouldContain("\"plugins\"");
        plugins.ShouldContain("headers.wat");
        plugins.ShouldNotContain("tenant=blue");
    }

    [Fact]
    public async Task DenyPlugin_AdminPath_AnsweredLocally403WithBody()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(Plugin("deny", "deny.wat")));
        using var client = gateway.Client();

        using var denied = await client.GetAsync("/r/admin/users");
        using var allowed = await client.GetAsync("/r/users");

        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await denied.Content.ReadAsStringAsync()).ShouldBe("denied by plugin");
        denied.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await EchoResponse.ReadAsync(allowed)).Path.ShouldBe("/r/users");
        _adminHits.ShouldBe(0);
    }

    [Fact]
    public async Task BodyPlugin_PostedBody_RequestReplacedAndResponsePrefixed()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(Plugin("body", "body.wat")));
        using var client = gateway.Client();

        using var response = await client.PostAsync("/r/echo-body", new StringContent("original body", Encoding.UTF8, "text/plain"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("<<upstream got: rewritten by plugin");
        response.Content.Headers.ContentLength.ShouldBe("<<upstream got: rewritten by plugin".Length);
    }

    [Fact]
    public async Task BodyPlugin_RouteWithRetries_RetriesSendTheRewrittenBody()
    {
        await using var gateway = await GatewayHost.StartAsync($$"""
            routes:
              - id: r
                match: { path: "/r/{**rest}" }
                cluster: up
                retry: { enabled: true, retryNonIdempotent: true }
                plugins: [{{Plugin("body", "body.wat")}}]
            clusters:
              up: { endpoints: ["{{_upstream!.Address}}"] }
            """);
        using var client = gateway.Client();

        using var response = await client.PostAsync("/r/echo-body", new StringContent("original body", Encoding.UTF8, "text/plain"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("<<upstream got: rewritten by plugin");
    }

    [Fact]
    public async Task LoopingPlugin_Request_Answered500PluginFailedAndNextRequestServed()
    {
        var name = $"looping-{Guid.NewGuid():N}";
        using var failures = new PluginFailureCounter(name);
        await using var gateway = await GatewayHost.StartAsync(Config(Plugin(name, "faulty.wat", fuel: 1_000_000)));
        using var client = gateway.Client();

        using var looping = new HttpRequestMessage(HttpMethod.Get, "/r/a") { Headers = { { "x-loop", "1" } } };
        using var stopped = await client.SendAsync(looping);
        using var next = await client.GetAsync("/r/b");

        await ProblemAssert.ShouldBeProblemAsync(stopped, HttpStatusCode.InternalServerError, "PLUGIN_FAILED");
        (await EchoResponse.ReadAsync(next)).Path.ShouldBe("/r/b");
        failures.Failures.ShouldBe(["fuel/False"]);
    }

    [Fact]
    public async Task TrappingPlugin_Request_Answered500UnlessItFailsOpen()
    {
        var name = $"trapping-{Guid.NewGuid():N}";
        using var failures = new PluginFailureCounter(name);
        await using var gateway = await GatewayHost.StartAsync($$"""
            routes:
              - id: r
                match: { path: "/r/{**rest}" }
                cluster: up
                plugins: [{{Plugin(name, "faulty.wat")}}]
              - id: open
                match: { path: "/open/{**rest}" }
                cluster: up
                plugins: [{{Plugin(name, "faulty.wat", failOpen: true)}}]
            clusters:
              up: { endpoints: ["{{_upstream!.Address}}"] }
            """);
        using var client = gateway.Client();

        using var closed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/r/a") { Headers = { { "x-trap", "1" } } });
        using var open = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/open/a") { Headers = { { "x-trap", "1" } } });
        using var next = await client.GetAsync("/r/b");

        await ProblemAssert.ShouldBeProblemAsync(closed, HttpStatusCode.InternalServerError, "PLUGIN_FAILED");
        (await EchoResponse.ReadAsync(open)).Path.ShouldBe("/open/a");
        (await EchoResponse.ReadAsync(next)).Path.ShouldBe("/r/b");
        failures.Failures.ShouldBe(["trap/False", "trap/True"]);
    }

    [Fact]
    public async Task UnknownImport_Reload_RefusedNamingTheImportAndLastGoodConfigKept()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(Plugin("headers", "headers.wat", "v1")), fromFile: true);
        using var client = gateway.Client();
        using var admin = gateway.AdminClient();

        await gateway.WriteConfigAsync(Config(Plugin("callout", "unknown-import.wat")));
        using var reload = await admin.PostAsync("/admin/reload", null);
        using var body = JsonDocument.Parse(await reload.Content.ReadAsStringAsync());
        using var after = await client.GetAsync("/r/x");

        reload.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = body.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("path").GetString().ShouldBe("gateway.routes[0].plugins[0].file");
        error.GetProperty("message").GetString()!.ShouldStartWith("PLUGIN_IMPORT_UNKNOWN: ");
        error.GetProperty("message").GetString()!.ShouldContain("env.proxy_http_call");
        (await EchoResponse.ReadAsync(after)).Header("x-plugin-config").ShouldBe(["v1"]);
    }

    [Fact]
    public async Task Reload_NewPluginConfig_ServedByTheNextRequest()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(Plugin("headers", "headers.wat", "v1")), fromFile: true);
        using var client = gateway.Client();
        using var admin = gateway.AdminClient();
        (await EchoResponse.ReadAsync(await client.GetAsync("/r/x"))).Header("x-plugin-config").ShouldBe(["v1"]);

        await gateway.WriteConfigAsync(Config(Plugin("headers", "headers.wat", "v2")));
        using var reload = await admin.PostAsync("/admin/reload", null);

        reload.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await EchoResponse.ReadAsync(await client.GetAsync("/r/x"))).Header("x-plugin-config").ShouldBe(["v2"]);
    }

    [Fact]
    public async Task SharedData_AcrossRequests_CountsEveryRequest()
    {
        await using var gateway = await GatewayHost.StartAsync(Config(Plugin($"counter-{Guid.NewGuid():N}", "shared.wat")));
        using var client = gateway.Client();

        var counts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            counts.Add((await EchoResponse.ReadAsync(await client.GetAsync("/r/x"))).Header("x-count").ShouldHaveSingleItem());
        }

        counts.ShouldBe(["1", "2", "3"]);
    }

    internal static string ModulePath(string file) => Path.Combine(AppContext.BaseDirectory, "Plugins", "Modules", file);

    private static string Plugin(string name, string file, string config = "", bool failOpen = false, long fuel = 20_000_000) =>
        $$"""{ name: {{name}}, file: "{{ModulePath(file)}}", config: "{{config}}", failOpen: {{(failOpen ? "true" : "false")}}, fuel: {{fuel}} }""";

    private string Config(string plugin) => $$"""
        routes:
          - id: r
            match: { path: "/r/{**rest}" }
            cluster: up
            plugins: [{{plugin}}]
        clusters:
          up: { endpoints: ["{{_upstream!.Address}}"] }
        """;
}
