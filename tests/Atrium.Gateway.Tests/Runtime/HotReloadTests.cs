using System.Globalization;
using System.Net;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Runtime;

public sealed class HotReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(10);
    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Map("/{**path}", EchoResponse.Write));
        _gateway = await GatewayHost.StartAsync(Config(version: 0, extraRoute: false), fromFile: true);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Watch_FileRewrittenUnderLoad_NoRequestFailsAndNewConfigApplies()
    {
        _gateway!.Store.StartWatching();
        var failures = new List<string>();
        long requests = 0;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var client = _gateway.Client();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("/stable/x");
                    Interlocked.Increment(ref requests);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        var text = await response.Content.ReadAsStringAsync();
                        lock (failures)
                        {
                            failures.Add($"{(int)response.StatusCode}: {text}");
                        }
                    }
                }
                catch (HttpRequestException ex)
                {
                    lock (failures)
                    {
                        failures.Add(ex.Message);
                    }
                }
            }
        })).ToList();

        for (var version = 1; version <= 6; version++)
        {
            // Each version is applied under the load before the next is written, so every reload is one the requests see.
            await _gateway.WriteConfigAsync(Config(version, extraRoute: version % 2 == 1));
            var expected = version.ToString(CultureInfo.InvariantCulture);
            await Eventually.UntilAsync(async () => await VersionHeader() == expected, $"version {expected} of the config is applied", ReloadDeadline);
        }

        await stop.CancelAsync();
        await Task.WhenAll(loops);

        failures.ShouldBeEmpty();
        Interlocked.Read(ref requests).ShouldBeGreaterThan(100);
    }

    [Fact]
    public async Task AdminReload_AfterFileChange_AppliesAtOnce()
    {
        await _gateway!.WriteConfigAsync(Config(version: 1, extraRoute: true));
        using var admin = _gateway.AdminClient();

        using var response = await admin.PostAsync("/admin/reload", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        body.RootElement.GetProperty("trigger").GetString().ShouldBe("api");
        (await VersionHeader()).ShouldBe("1");
        using var client = _gateway.Client();
        using var extra = await client.GetAsync("/extra");
        extra.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AdminReload_FileReferenceRewritten_ReadsTheReferencedFileAgain()
    {
        var secret = Path.Combine(Path.GetDirectoryName(_gateway!.ConfigPath)!, "version.secret");
        await File.WriteAllTextAsync(secret, "7\n");
        await _gateway.WriteConfigAsync(Config(version: "${file:" + secret + "}", extraRoute: false));
        using var admin = _gateway.AdminClient();
        using (var first = await admin.PostAsync("/admin/reload", null))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await VersionHeader()).ShouldBe("7");

        // Only the referenced file changes, as when Kubernetes rotates a mounted secret.
        await File.WriteAllTextAsync(secret, "8\n");
        using var second = await admin.PostAsync("/admin/reload", null);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await VersionHeader()).ShouldBe("8");
    }

    [Fact]
    public async Task Watch_InvalidFile_KeepsServingOldRoutesUntilValidFileReturns()
    {
        _gateway!.Store.StartWatching();
        using var admin = _gateway.AdminClient();
        await _gateway.WriteConfigAsync(Config(version: 1, extraRoute: false).Replace("cluster: echo", "cluster: nowhere", StringComparison.Ordinal));

        JsonElement status = default;
        await Eventually.UntilAsync(async () =>
        {
            status = JsonDocument.Parse(await admin.GetStringAsync("/admin/reload")).RootElement;
            return !status.GetProperty("succeeded").GetBoolean();
        }, "the invalid file is reported", ReloadDeadline);

        status.GetProperty("trigger").GetString().ShouldBe("file");
        status.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString())
            .ShouldContain("gateway.routes[0].cluster");
        (await VersionHeader()).ShouldBe("0");

        await _gateway.WriteConfigAsync(Config(version: 2, extraRoute: false));

        await Eventually.UntilAsync(async () => await VersionHeader() == "2", "version 2 of the config is applied", ReloadDeadline);
        var reload = JsonDocument.Parse(await admin.GetStringAsync("/admin/reload")).RootElement;
        reload.GetProperty("succeeded").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task AdminReload_InvalidFile_Returns422AndKeepsConfig()
    {
        await _gateway!.WriteRawConfigAsync(_gateway.RenderConfig(Config(version: 1, extraRoute: false)) + "\nunknownSection: 1\n");
        using var admin = _gateway.AdminClient();

        using var response = await admin.PostAsync("/admin/reload", null);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        body.RootElement.GetProperty("errors").GetArrayLength().ShouldBeGreaterThan(0);
        (await VersionHeader()).ShouldBe("0");
    }

    private async Task<string?> VersionHeader()
    {
        using var client = _gateway!.Client();
        using var response = await client.GetAsync("/stable/x");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return response.Headers.TryGetValues("X-Config-Version", out var values) ? values.Single() : null;
    }

    private string Config(object version, bool extraRoute) => $$"""
        routes:
          - id: stable
            match: { path: "/stable/{**rest}" }
            cluster: echo
            transforms: { responseHeaders: { set: { X-Config-Version: "{{version}}" } } }
        {{(extraRoute ? "  - { id: extra, match: { path: /extra }, cluster: echo }" : "")}}
        clusters:
        {{RouteYaml.Cluster("echo", _upstream!.Address)}}
        """;
}
