using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Persistence;
using Atrium.Rpc;

namespace Atrium.Payments.Tests;

public sealed class PaymentsOptionsTests
{
    private static List<string> Errors(string body)
    {
        var schema = new ConfigSchema().Add<PaymentsOptions>(PaymentsOptions.Section);
        var loaded = ConfigLoader.Load($"payments:\n{body}\n", AtriumConfig.EmbeddedSource, schema);
        return loaded.Errors.Select(e => $"{e.Path}: {e.Message}").ToList();
    }

    [Fact]
    public void Ctor_Defaults_AreDocumentedValues()
    {
        var options = new PaymentsOptions();

        options.Listen.ShouldBe(["http://127.0.0.1:8103", "h2c://127.0.0.1:9103"]);
        options.StartingBalance.ShouldBe(100_000);
        options.Currency.ShouldBe("USD");
        options.Provider.ShouldBe(DatabaseProvider.Sqlite);
        options.ConnectionString.ShouldBeEmpty();
        options.Auth.JwksUrl.ShouldBe("http://127.0.0.1:8101/.well-known/jwks.json");
        options.Auth.Issuer.ShouldBe("atrium");
        options.Auth.Audience.ShouldBe("atrium");
        options.Grpc.Reflection.ShouldBe(GrpcReflectionMode.Auto);
        options.Grpc.MaxReceiveMessageSize.ShouldBe(4 * 1024 * 1024);
        options.Grpc.MaxSendMessageSize.ShouldBe(4 * 1024 * 1024);
        options.Grpc.CompressResponses.ShouldBeFalse();
    }

    [Fact]
    public void Load_Defaults_HasNoErrors() => Errors("  currency: USD").ShouldBeEmpty();

    [Fact]
    public void Load_BadValues_ListsEveryError() =>
        Errors("  currency: usd\n  startingBalance: -1\n  auth:\n    jwksUrl: ftp://x").ShouldBe(
        [
            "payments.startingBalance: The field startingBalance must be between 0 and 1000000000000.",
            "payments.auth.jwksUrl: 'ftp://x' is not an absolute http:// or https:// URL",
            "payments.currency: 'usd' is not an upper-case ISO 4217 code",
        ],
        ignoreOrder: true);

    [Fact]
    public void Load_PostgreSqlWithoutConnectionString_IsAnError() =>
        Errors("  provider: postgresql").ShouldBe(
            ["payments.connectionString: is required when provider is postgresql (Host=...;Username=...;Password=...;Database=...), naming a database of this module's own"]);

    [Fact]
    public void Load_UnknownProvider_IsAnError() =>
        Errors("  provider: oracle").Single().ShouldStartWith("payments.provider");

    [Fact]
    public void Load_PostgreSqlWithConnectionString_HasNoErrors() =>
        Errors("  provider: postgresql\n  connectionString: \"Host=127.0.0.1;Database=payments\"").ShouldBeEmpty();
}
