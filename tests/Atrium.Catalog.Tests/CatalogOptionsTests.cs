using Atrium.Rpc;

namespace Atrium.Catalog.Tests;

public sealed class CatalogOptionsTests
{
    [Fact]
    public void Ctor_Defaults_AreDocumentedValues()
    {
        var options = new CatalogOptions();

        options.Listen.ShouldBe(["http://127.0.0.1:8102", "h2c://127.0.0.1:9102"]);
        options.Auth.JwksUrl.ShouldBe("http://127.0.0.1:8101/.well-known/jwks.json");
        options.Auth.Issuer.ShouldBe("atrium");
        options.Auth.Audience.ShouldBe("atrium");
        options.ReservationTtl.ShouldBe(TimeSpan.FromMinutes(5));
        options.ExpirySweepInterval.ShouldBe(TimeSpan.FromSeconds(5));
        options.SeedProducts.ShouldBeTrue();
        options.ConnectionString.ShouldBeEmpty();
        options.Grpc.Reflection.ShouldBe(GrpcReflectionMode.Auto);
        options.Grpc.MaxReceiveMessageSize.ShouldBe(4 * 1024 * 1024);
        options.Grpc.MaxSendMessageSize.ShouldBe(4 * 1024 * 1024);
        options.Grpc.CompressResponses.ShouldBeFalse();
    }
}
