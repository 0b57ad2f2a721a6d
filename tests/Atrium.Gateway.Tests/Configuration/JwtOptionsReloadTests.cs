using System.Net;
using System.Text.Json;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Tests.Security;

namespace Atrium.Gateway.Tests.Configuration;

public sealed class JwtOptionsReloadTests : IAsyncLifetime
{
    private readonly TestKeys _key = TestKeys.Es256("es-1");
    private AuthFixture? _fixture;

    private AuthFixture Fixture => _fixture!;

    public async Task InitializeAsync() => _fixture = await AuthFixture.StartAsync(TestKeys.Jwks(_key), minInterval: "1m", fromFile: true);

    public async Task DisposeAsync()
    {
        await _fixture!.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task AdminReload_PlainHttpJwksUrlOffLoopback_RefusedAndOldConfigServes()
    {
        var loopbackUrl = $"{Fixture.KeyServer.Address}/jwks";
        await Fixture.Gateway.WriteConfigAsync(Fixture.GatewayYaml
            .Replace(loopbackUrl, "http://keys.example.com/jwks", StringComparison.Ordinal)
            .Replace("- { id: open,", "- { id: added, match: { path: \"/added\" }, cluster: echo }\n  - { id: open,", StringComparison.Ordinal));
        using var admin = Fixture.Gateway.AdminClient();

        using var response = await admin.PostAsync("/admin/reload", null);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        var error = body.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("path").GetString().ShouldBe("gateway.auth.jwt.jwksUrl");
        error.GetProperty("message").GetString()!.ShouldContain("gateway.auth.jwt.allowInsecureJwksUrl: true");
        Fixture.Gateway.Store.Current.Get<GatewayOptions>(GatewayOptions.Section).Auth.Jwt!.JwksUrl.ShouldBe(loopbackUrl);
        using var verified = await Fixture.GetAsync("/jwt", _key.Sign(subject: "alice"));
        verified.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var added = await Fixture.GetAsync("/added");
        added.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
