using Atrium.Chassis.Configuration;
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
        options.ServiceTokenLifetime.ShouldBe(TimeSpan.FromMinutes(5));
        options.ClientAuthMaxFailures.ShouldBe(10);
        options.ClientAuthFailureWindow.ShouldBe(TimeSpan.FromMinutes(1));
        options.Clients.Count.ShouldBe(2);
        var client = options.Clients[0];
        client.Id.ShouldBe("ordering");
        client.Secret.ShouldBeEmpty();
        client.SecretFile.ShouldBe("service-secrets/ordering");
        client.Scopes.ShouldBe(["identity.users.read", "catalog.products.read", "catalog.reserve", "payments.charge", "payments.refund"]);
        var payments = options.Clients[1];
        payments.Id.ShouldBe("payments");
        payments.SecretFile.ShouldBe("service-secrets/payments");
        payments.Scopes.ShouldBe(["ordering.sagas.read"]);
        Errors("").ShouldBeEmpty();
    }

    [Fact]
    public void Load_BadClients_ListsEveryError() =>
        Errors("""
            clients:
              - id: ordering
                secretFile: service-secrets/ordering
                scopes: [catalog.reserve, catalog.reserve, payments.steal]
              - id: Ordering Service
                secret: short
                scopes: []
              - id: ordering
                scopes: [payments.charge]
            """).ShouldBe([
            "identity.clients[0].scopes[1]: 'catalog.reserve' is listed twice",
            "identity.clients[0].scopes[2]: 'payments.steal' is not a scope; known: identity.users.read, catalog.products.read, catalog.reserve, payments.charge, payments.refund, ordering.sagas.read",
            "identity.clients[1].id: 'Ordering Service' is not a client id (1 to 64 of a-z, 0-9, '.', '_', '-')",
            "identity.clients[1].secret: must have at least 16 characters",
            "identity.clients[1].scopes: list at least one scope: identity.users.read, catalog.products.read, catalog.reserve, payments.charge, payments.refund, ordering.sagas.read",
            "identity.clients[2].id: 'ordering' is registered twice",
            "identity.clients[2].secretFile: set secretFile (created when missing) or secret",
        ], ignoreOrder: true);

    private static List<string> Errors(string sectionYaml)
    {
        var schema = new ConfigSchema().Add<IdentityOptions>(IdentityOptions.Section);
        var body = string.Concat(sectionYaml.Split('\n').Select(line => $"  {line}\n"));
        return ConfigLoader.Load($"identity:\n{body}", "test", schema).Errors.Select(e => e.ToString()).ToList();
    }
}
