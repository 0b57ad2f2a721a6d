using Atrium.Rpc;

namespace Atrium.Identity.Tests;

public sealed class IdentityOptionsTests
{
    [Fact]
    public void Ctor_Defaults_AreDocumentedValues()
    {
        var options = new IdentityOptions();

        options.Listen.ShouldBe(["http://127.0.0.1:8101", "h2c://127.0.0.1:9101"]);
        options.Issuer.ShouldBe("atrium");
        options.Audience.ShouldBe("atrium");
        options.AccessTokenLifetime.ShouldBe(TimeSpan.FromMinutes(15));
        options.RefreshTokenLifetime.ShouldBe(TimeSpan.FromDays(14));
        options.LockoutMaxFailedAttempts.ShouldBe(5);
        options.LockoutDuration.ShouldBe(TimeSpan.FromMinutes(5));
        options.AdminEmail.ShouldBe("admin@atrium.local");
        options.ConnectionString.ShouldBeEmpty();
        options.Grpc.Reflection.ShouldBe(GrpcReflectionMode.Auto);
        options.Grpc.MaxReceiveMessageSize.ShouldBe(4 * 1024 * 1024);
        options.Grpc.MaxSendMessageSize.ShouldBe(4 * 1024 * 1024);
        options.Grpc.CompressResponses.ShouldBeFalse();
    }
}
