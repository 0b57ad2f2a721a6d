using Atrium.Gateway.Admin.Dashboard;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Forwarding;

/// <summary>
/// The dashboard's session cookie, which a browser sends to the public listener of the same host name as well, never
/// reaches an upstream; the other cookies do, as they came.
/// </summary>
public sealed class AdminSessionCookieTests(ForwardingFixture fixture) : IClassFixture<ForwardingFixture>
{
    [Theory]
    [InlineData("1.1", "cart=abc; " + DashboardSessions.CookieName + "=c2Vzc2lvbg==; theme=dark", "cart=abc; theme=dark")]
    [InlineData("2.0", "cart=abc; " + DashboardSessions.CookieName + "=c2Vzc2lvbg==; theme=dark", "cart=abc; theme=dark")]
    [InlineData("1.1", DashboardSessions.CookieName + "=c2Vzc2lvbg==;cart=a%3Db", "cart=a%3Db")]
    [InlineData("2.0", DashboardSessions.CookieName + "=c2Vzc2lvbg==;cart=a%3Db", "cart=a%3Db")]
    public async Task CopyRequestHeaders_AdminSessionCookie_OnlyOtherCookiesReachUpstream(string version, string cookie, string forwarded)
    {
        using var client = version == "2.0" ? fixture.Untrusting.Http2Client() : fixture.Untrusting.Client();
        using var request = Get(version);
        request.Headers.TryAddWithoutValidation("Cookie", cookie);

        using var response = await client.SendAsync(request);
        var echo = await EchoResponse.ReadAsync(response);

        response.Version.ToString().ShouldBe(version);
        echo.Header("Cookie").ShouldBe([forwarded]);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task CopyRequestHeaders_OnlyAdminSessionCookie_DropsCookieHeader(string version)
    {
        using var client = version == "2.0" ? fixture.Untrusting.Http2Client() : fixture.Untrusting.Client();
        using var request = Get(version);
        request.Headers.TryAddWithoutValidation("Cookie", DashboardSessions.CookieName + "=c2Vzc2lvbg==");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "kept");

        using var response = await client.SendAsync(request);
        var echo = await EchoResponse.ReadAsync(response);

        echo.Header("Cookie").ShouldBeEmpty();
        echo.Header("X-End-To-End").ShouldBe(["kept"]);
    }

    [Fact]
    public async Task CopyRequestHeaders_CookiesWithoutSession_ForwardedUnchanged()
    {
        using var client = fixture.Untrusting.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        // A look-alike name and the name inside a value are other cookies.
        const string Cookie = "cart=abc;theme=dark; " + DashboardSessions.CookieName + "-x=1; note=" + DashboardSessions.CookieName;
        request.Headers.TryAddWithoutValidation("Cookie", Cookie);

        using var response = await client.SendAsync(request);
        var echo = await EchoResponse.ReadAsync(response);

        echo.Header("Cookie").ShouldBe([Cookie]);
    }

    private static HttpRequestMessage Get(string version) => new(HttpMethod.Get, "/echo")
    {
        // A message made by hand does not take the client's default version.
        Version = Version.Parse(version),
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
