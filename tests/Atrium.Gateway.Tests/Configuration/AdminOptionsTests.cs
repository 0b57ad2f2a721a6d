using Atrium.Chassis.Configuration;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Configuration;

public sealed class AdminOptionsTests
{
    [Fact]
    public void Defaults_LoopbackListenerNoTokenNoExtraHosts()
    {
        var admin = new AdminOptions();

        admin.Listen.ShouldBe(["http://127.0.0.1:15000"]);
        admin.Token.ShouldBe("");
        admin.TokenFile.ShouldBe("");
        admin.AllowedHosts.ShouldBeEmpty();
    }

    [Fact]
    public void Load_TokenAndTokenFile_SaysSetOne()
    {
        Errors("token: 0123456789abcdef0123\ntokenFile: /run/secrets/admin")
            .ShouldBe(["gateway.admin.token: set token or tokenFile, not both"]);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("\"                \"")]
    public void Load_WeakToken_SaysHowLongItMustBe(string token)
    {
        Errors($"token: {token}").ShouldBe(["gateway.admin.token: must be at least 16 characters (leave it empty to have one generated)"]);
    }

    [Fact]
    public void Load_AllowedHostNotAHostName_NamesIt()
    {
        Errors("allowedHosts: [admin.example, \"*.example\", \"bad host\"]").ShouldBe(
        [
            "gateway.admin.allowedHosts[1]: '*.example' is not a host name (with an optional :port)",
            "gateway.admin.allowedHosts[2]: 'bad host' is not a host name (with an optional :port)",
        ]);
    }

    [Fact]
    public void Load_TokenAndAllowedHosts_Binds()
    {
        var result = Load("token: 0123456789abcdef0123\nallowedHosts: [\"gateway-admin.internal:15000\", \"[fd00::1]\"]");

        result.Errors.ShouldBeEmpty();
        var admin = result.Config!.Get<GatewayOptions>(GatewayOptions.Section).Admin;
        admin.Token.ShouldBe("0123456789abcdef0123");
        admin.AllowedHosts.ShouldBe(["gateway-admin.internal:15000", "[fd00::1]"]);
    }

    private static List<string> Errors(string adminYaml)
    {
        var result = Load(adminYaml);
        result.Succeeded.ShouldBeFalse();
        return result.Errors.Select(e => e.ToString()).ToList();
    }

    private static ConfigLoadResult Load(string adminYaml) =>
        ConfigLoader.Load(
            "gateway:\n  admin:\n" + string.Join("\n", adminYaml.Split('\n').Select(l => "    " + l)),
            AtriumConfig.EmbeddedSource,
            TestConfigSchema.Create());
}
