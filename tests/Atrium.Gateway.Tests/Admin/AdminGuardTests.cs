using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Admin;

/// <summary>The admin listener's door: Host check, bearer token, and the cross-site rules for state-changing calls.</summary>
public sealed class AdminGuardTests : IAsyncLifetime
{
    private GatewayHost? _gateway;

    public static TheoryData<string, string> AdminCalls => new()
    {
        { "GET", "/admin/config" },
        { "GET", "/admin/routes" },
        { "GET", "/admin/clusters" },
        { "GET", "/admin/reload" },
        { "POST", "/admin/reload" },
        { "GET", "/admin/no-such-view" },
    };

    public async Task InitializeAsync() =>
        // From a file, so that POST /admin/reload has something to reload and answers 200 when let through.
        _gateway = await GatewayHost.StartAsync(
            """
            routes:
              - { id: api, match: { path: "/api/{**rest}" }, cluster: echo }
            clusters:
              echo: { endpoints: ["http://127.0.0.1:9"] }
            """,
            fromFile: true,
            adminYaml: $"token: \"{GatewayHost.AdminToken}\"\nallowedHosts: [admin.internal.example]");

    public async Task DisposeAsync() => await _gateway!.DisposeAsync();

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task AdminCall_NoToken_Returns401WithBearerChallenge(string method, string path)
    {
        using var admin = _gateway!.AnonymousAdminClient();

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
        response.Headers.WwwAuthenticate.Single().Scheme.ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("Bearer not-the-admin-token")]
    [InlineData("Bearer " + GatewayHost.AdminToken + "x")]
    [InlineData("Basic " + GatewayHost.AdminToken)]
    [InlineData(GatewayHost.AdminToken)]
    public async Task Routes_WrongToken_Returns401(string authorization)
    {
        using var admin = _gateway!.AnonymousAdminClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/routes");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await admin.SendAsync(request);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
        response.Headers.WwwAuthenticate.Single().Scheme.ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("/admin/config")]
    [InlineData("/admin/routes")]
    [InlineData("/admin/clusters")]
    [InlineData("/admin/reload")]
    public async Task AdminView_RightToken_Returns200(string path)
    {
        using var admin = _gateway!.AdminClient();

        using var response = await admin.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    public async Task ChassisPath_NoToken_Returns200(string path)
    {
        using var admin = _gateway!.AnonymousAdminClient();

        using var response = await admin.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/admin/routes", "evil.example")]
    [InlineData("/admin/config", "evil.example:{port}")]
    [InlineData("/admin/config", "127.0.0.1.nip.io:{port}")]
    [InlineData("/healthz", "evil.example")]
    [InlineData("/metrics", "evil.example:{port}")]
    [InlineData("/readyz", "10.0.0.1")]
    public async Task AnyPath_HostNotAnAdminHost_Returns403(string path, string host)
    {
        using var admin = _gateway!.AdminClient();

        using var response = await admin.SendAsync(WithHost(path, host));

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost:{port}")]
    [InlineData("LocalHost")]
    [InlineData("[::1]:{port}")]
    [InlineData("admin.internal.example")]
    [InlineData("admin.internal.example:{port}")]
    public async Task Routes_LoopbackOrAllowedHost_Returns200(string host)
    {
        using var admin = _gateway!.AdminClient();

        using var response = await admin.SendAsync(WithHost("/admin/routes", host));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reload_NoBodyWithToken_Returns200()
    {
        using var admin = _gateway!.AdminClient();

        using var response = await admin.PostAsync("/admin/reload", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reload_SameOriginJsonBody_Returns200()
    {
        using var admin = _gateway!.AdminClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/reload") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", _gateway.AdminAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await admin.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("http://evil.example", null)]
    [InlineData("null", null)]
    [InlineData("http://localhost:3000", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    public async Task Reload_FromAnotherSite_Returns403EvenWithToken(string? origin, string? fetchSite)
    {
        using var admin = _gateway!.AdminClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/reload") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await admin.SendAsync(request);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [InlineData("text/plain", "reload")]
    [InlineData("application/x-www-form-urlencoded", "a=b")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    public async Task Reload_NonJsonBody_Returns415EvenWithToken(string contentType, string body)
    {
        using var admin = _gateway!.AdminClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await admin.PostAsync("/admin/reload", content);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Reload_BodyWithoutMediaType_Returns415EvenWithToken()
    {
        using var admin = _gateway!.AdminClient();
        using var content = new ByteArrayContent("reload"u8.ToArray());

        using var response = await admin.PostAsync("/admin/reload", content);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Reload_EvilOriginTextPlainNoToken_IsRefused()
    {
        // The finding as reported: a page on another site posting a simple (preflight-free) request.
        using var admin = _gateway!.AnonymousAdminClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/reload") { Content = new StringContent("x", Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await admin.SendAsync(request);

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.UnsupportedMediaType);
    }

    private HttpRequestMessage WithHost(string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host.Replace("{port}", _gateway!.AdminAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return request;
    }
}
