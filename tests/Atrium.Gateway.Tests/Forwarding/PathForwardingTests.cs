using System.Collections.Concurrent;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Atrium.Gateway.Tests.Forwarding;

/// <summary>
/// The upstream receives exactly the path the gateway routed: requests sent as raw bytes (an HTTP client would
/// normalize them first), with upstreams that record the request-target as it arrived on the wire.
/// </summary>
public sealed class PathForwardingTests : IAsyncLifetime
{
    private const string ApiKey = "path-test-key";

    private readonly ConcurrentQueue<string> _targets = new();
    private readonly ConcurrentQueue<string> _mirrored = new();
    private readonly TaskCompletionSource _mirrorSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Upstream? _upstream;
    private Upstream? _shadow;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Run(context =>
        {
            _targets.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            return context.Response.WriteAsync("ok");
        }));
        _shadow = await Upstream.StartAsync(app => app.Run(context =>
        {
            _mirrored.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            _mirrorSeen.TrySetResult();
            return context.Response.WriteAsync("shadow");
        }));
        var keyHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApiKey)));
        _gateway = await GatewayHost.StartAsync($$"""
            auth:
              apiKeys:
                - { id: test, sha256: "{{keyHash}}", subject: tester }
            routes:
              - { id: catalog, match: { path: "/api/catalog/{**rest}" }, cluster: echo, transforms: { pathRemovePrefix: /api/catalog } }
              - { id: anon, match: { path: "/anon/{**rest}" }, cluster: echo }
              - { id: private, match: { path: "/private/{**rest}" }, cluster: echo, auth: { require: authenticated } }
              - { id: slashes, match: { path: "/files/{**rest}" }, cluster: echo, allowEncodedSlashes: true }
              - { id: mirrored, match: { path: "/mirrored/{**rest}" }, cluster: echo, mirror: { cluster: shadow } }
            clusters:
            {{RouteYaml.Cluster("echo", _upstream.Address)}}
            {{RouteYaml.Cluster("shadow", _shadow.Address)}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _shadow!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/catalog/..%5c..%5cmetrics")]
    [InlineData("/api/catalog/..%5C..%5Cmetrics")]
    [InlineData("/api/catalog/x%5cy")]
    [InlineData("/api/catalog/x\\y")]
    [InlineData("/anon/..%5Cprivate/x")]
    [InlineData("/anon/%2e%2e/private/x")]
    [InlineData("/anon/%2E%2e/private/x")]
    [InlineData("/anon/.%2e/private/x")]
    [InlineData("/anon/%2e/x")]
    [InlineData("/anon/../private/x")]
    [InlineData("/anon/./x")]
    [InlineData("/anon/%c0%ae%c0%ae/private/x")]
    [InlineData("/anon/%e0%80%ae%e0%80%ae/private/x")]
    [InlineData("/anon/%80")]
    [InlineData("/anon/%e2%82")]
    [InlineData("/anon/a%00b")]
    [InlineData("/anon/a%0d%0aX-Injected:%201")]
    [InlineData("/anon/a%7fb")]
    [InlineData("/anon/a%zzb")]
    [InlineData("/anon/a%2")]
    [InlineData("/anon/a%")]
    [InlineData("/anon/a%2Fb")]
    [InlineData("/anon/..%2Fprivate%2Fx")]
    public async Task Forward_AmbiguousPath_Returns400BeforeRouting(string target)
    {
        var answer = await RawHttp.GetAsync(_gateway!.ProxyPort, target);

        // Kestrel refuses a few of these itself (a decoded NUL); the rest the gateway refuses with its own code.
        answer.ShouldStartWith("HTTP/1.1 400", customMessage: answer);
        answer.ShouldNotContain("Exception");
        _targets.ShouldBeEmpty();
    }

    [Fact]
    public async Task Forward_DotSegmentBehindBackslash_AnswersProblemWithStableCode()
    {
        var answer = await RawHttp.GetAsync(_gateway!.ProxyPort, "/api/catalog/..%5c..%5cmetrics");

        answer.ShouldStartWith("HTTP/1.1 400");
        answer.ShouldContain("X-Error-Code: BAD_REQUEST");
        answer.ShouldContain("application/problem+json");
        answer.ShouldContain("\"code\":\"BAD_REQUEST\"");
    }

    [Theory]
    [InlineData("/api/catalog/products%3fpageSize=1", "/products%3FpageSize=1")]
    [InlineData("/api/catalog/products%3FpageSize=1?page=2", "/products%3FpageSize=1?page=2")]
    [InlineData("/api/catalog/a%23b", "/a%23b")]
    [InlineData("/api/catalog/%252e%252e/metrics", "/%252e%252e/metrics")]
    [InlineData("/api/catalog/%252E%252e%255cmetrics", "/%252E%252e%255cmetrics")]
    [InlineData("/api/catalog/caf%C3%A9", "/caf%C3%A9")]
    [InlineData("/api/catalog/caf%c3%a9", "/caf%C3%A9")]
    [InlineData("/api/catalog/a%20b", "/a%20b")]
    [InlineData("/api/catalog/%41%42", "/AB")]
    [InlineData("/api/catalog/a%25b", "/a%25b")]
    [InlineData("/api/catalog/a..b/.c/d.", "/a..b/.c/d.")]
    [InlineData("/api/catalog/x?q=%2e%2e/%5c&r=a+b%20c", "/x?q=%2e%2e/%5c&r=a+b%20c")]
    [InlineData("/api/catalog/x?", "/x?")]
    [InlineData("/files/a%2Fb/c", "/files/a%2Fb/c")]
    [InlineData("/files/a%2fb%252Fc", "/files/a%2Fb%252Fc")]
    public async Task Forward_EncodedPath_UpstreamReceivesTheRoutedPathReencoded(string target, string upstreamTarget)
    {
        var answer = await RawHttp.GetAsync(_gateway!.ProxyPort, target);

        answer.ShouldStartWith("HTTP/1.1 200", customMessage: answer);
        _targets.ShouldBe([upstreamTarget]);
    }

    [Fact]
    public async Task Forward_AuthenticatedRouteThroughAnonymousPrefix_NeverReachesUpstream()
    {
        // The route check used the decoded path and the upstream address was normalized afterwards, so
        // "/anon/..\private/x" passed the anonymous route and arrived as "/private/x".
        var anonymous = await RawHttp.GetAsync(_gateway!.ProxyPort, "/anon/..%5Cprivate/x");
        var unauthenticated = await RawHttp.GetAsync(_gateway!.ProxyPort, "/private/x");
        var authenticated = await RawHttp.GetAsync(_gateway!.ProxyPort, "/private/x", $"X-Api-Key: {ApiKey}\r\n");

        anonymous.ShouldStartWith("HTTP/1.1 400");
        unauthenticated.ShouldStartWith("HTTP/1.1 401");
        authenticated.ShouldStartWith("HTTP/1.1 200");
        _targets.ShouldBe(["/private/x"]);
    }

    [Fact]
    public async Task Mirror_EncodedPath_ShadowReceivesTheSameTargetAsThePrimary()
    {
        var answer = await RawHttp.GetAsync(_gateway!.ProxyPort, "/mirrored/%252e%252e/a%3Fb?x=%2F");

        answer.ShouldStartWith("HTTP/1.1 200", customMessage: answer);
        await _mirrorSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _targets.ShouldBe(["/mirrored/%252e%252e/a%3Fb?x=%2F"]);
        _mirrored.ShouldBe(["/mirrored/%252e%252e/a%3Fb?x=%2F"]);
    }
}
