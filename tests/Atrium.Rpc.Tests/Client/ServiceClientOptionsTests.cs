using Atrium.Chassis.Configuration;
using Atrium.Rpc.Client;

namespace Atrium.Rpc.Tests.Client;

public sealed class ServiceClientOptionsTests
{
    [Fact]
    public void Load_LoopbackOrHttpsTokenUrl_HasNoErrors()
    {
        Errors("tokenUrl: \"http://127.0.0.1:8101/connect/token\"").ShouldBeEmpty();
        Errors("tokenUrl: \"https://id.example.com/connect/token\"").ShouldBeEmpty();
        Errors("tokenUrl: \"http://id.internal/connect/token\"\nallowInsecureTokenUrl: true").ShouldBeEmpty();
    }

    [Fact]
    public void Load_PlainHttpTokenUrlOffLoopback_NamesKeyAndWayOut() =>
        Errors("tokenUrl: \"http://id.internal/connect/token\"").ShouldBe([
            "orders.client.tokenUrl: 'http://id.internal/connect/token' sends the client secret over plain http to a host that is "
            + "not loopback (127.0.0.0/8, ::1, localhost), where it could be read on the way; use https://, or set "
            + "orders.client.allowInsecureTokenUrl: true to accept it",
        ]);

    [Fact]
    public void Load_NoIdNoSecretAndNoUrl_ListsEveryError() =>
        Errors("id: \"\"\nsecretFile: \"\"\ntokenUrl: \"/connect/token\"").ShouldBe([
            "orders.client.id: is required",
            "orders.client.secretFile: set secretFile (created when missing) or secret",
            "orders.client.tokenUrl: '/connect/token' is not an absolute http:// or https:// URL",
        ], ignoreOrder: true);

    [Fact]
    public void Load_ShortInlineSecret_Refused() =>
        Errors("secret: \"short\"").ShouldBe(["orders.client.secret: must have at least 16 characters"]);

    private static List<string> Errors(string clientYaml)
    {
        var schema = new ConfigSchema().Add<CallerOptions>("orders");
        var client = string.Concat(clientYaml.Split('\n').Select(line => $"    {line}\n"));
        return ConfigLoader.Load($"orders:\n  client:\n{client}", "test", schema).Errors.Select(e => e.ToString()).ToList();
    }

    /// <summary>A calling module's section as ordering's: the client credentials under <c>client</c>.</summary>
    public sealed class CallerOptions
    {
        public ServiceClientOptions Client { get; set; } = new() { Id = "orders", SecretFile = "service-secrets/orders" };
    }
}
