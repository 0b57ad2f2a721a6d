using Atrium.Chassis.Configuration;
using Atrium.Chassis.Security;

namespace Atrium.Chassis.Tests.Security;

public sealed class AccessTokenOptionsTests
{
    [Fact]
    public void Ctor_Defaults_AreDocumentedValues()
    {
        var options = new AccessTokenOptions();

        options.JwksUrl.ShouldBe("http://127.0.0.1:8101/.well-known/jwks.json");
        options.AllowInsecureJwksUrl.ShouldBeFalse();
        Errors("issuer: atrium").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("https://id.example.com/.well-known/jwks.json")]
    [InlineData("https://10.0.0.5/jwks")]
    [InlineData("http://127.0.0.1:8101/.well-known/jwks.json")]
    [InlineData("http://127.200.3.4/jwks")]
    [InlineData("http://[::1]:8101/jwks")]
    [InlineData("http://localhost:8101/jwks")]
    [InlineData("http://LocalHost/jwks")]
    public void Load_HttpsOrLoopbackJwksUrl_HasNoErrors(string url) =>
        Errors($"jwksUrl: \"{url}\"").ShouldBeEmpty();

    [Theory]
    [InlineData("http://id.example.com/.well-known/jwks.json")]
    [InlineData("http://10.0.0.5:8101/jwks")]
    [InlineData("http://128.0.0.1/jwks")]
    [InlineData("http://[::2]/jwks")]
    [InlineData("http://localhost.example.com/jwks")]
    public void Load_PlainHttpJwksUrlOffLoopback_NamesKeyUrlAndWayOut(string url) =>
        Errors($"jwksUrl: \"{url}\"").ShouldBe([
            $"orders.auth.jwksUrl: '{url}' fetches signing keys over plain http from a host that is not loopback "
            + "(127.0.0.0/8, ::1, localhost), where they could be swapped on the way; use https://, or set "
            + "orders.auth.allowInsecureJwksUrl: true to accept it",
        ]);

    [Theory]
    [InlineData("http://keys:jwks-pass-secret@id.example.com/jwks")]
    [InlineData("http://keys:jwks'pass-secret@id.example.com/jwks")]
    public void Load_PlainHttpJwksUrlWithUserInfo_ErrorShowsNoCredentials(string url)
    {
        var error = Errors($"jwksUrl: \"{url}\"").ShouldHaveSingleItem();

        error.ShouldStartWith("orders.auth.jwksUrl: 'http://***@id.example.com/jwks' fetches signing keys over plain http");
        error.ShouldNotContain("pass-secret");
    }

    [Fact]
    public void Load_PlainHttpJwksUrlOffLoopbackAllowed_HasNoErrors() =>
        Errors("jwksUrl: \"http://id.internal/jwks\"\nallowInsecureJwksUrl: true").ShouldBeEmpty();

    [Fact]
    public void Load_NotHttpJwksUrl_ReportsOnlyTheScheme() =>
        Errors("jwksUrl: \"ftp://id.example.com/jwks\"").ShouldBe(
            ["orders.auth.jwksUrl: 'ftp://id.example.com/jwks' is not an absolute http:// or https:// URL"]);

    private static List<string> Errors(string authYaml)
    {
        var schema = new ConfigSchema().Add<ServiceWithTokensOptions>("orders");
        var auth = string.Concat(authYaml.Split('\n').Select(line => $"    {line}\n"));
        var loaded = ConfigLoader.Load($"orders:\n  auth:\n{auth}", "test", schema);
        return loaded.Errors.Select(e => e.ToString()).ToList();
    }
}
