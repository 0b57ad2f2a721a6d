using Atrium.Catalog;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing;
using Atrium.Commands;
using Atrium.Gateway.Configuration;
using Atrium.Identity;
using Atrium.Ordering;
using Atrium.Payments;
using Atrium.Rpc;
using Atrium.Testing;

namespace Atrium.Tests;

public class ModulesTests
{
    private static readonly string[] ServiceModules = [Modules.Identity, Modules.Catalog, Modules.Payments, Modules.Ordering];

    [Fact]
    public void CreateRegistry_Validate_ReturnsNoErrors()
    {
        Modules.CreateRegistry().Validate().ShouldBeEmpty();
    }

    [Fact]
    public void CreateRegistry_PublicModules_AreTheServicesTheGatewayAndAll()
    {
        Modules.CreateRegistry().PublicModules.Select(m => m.Name)
            .ShouldBe([.. ServiceModules, Modules.Gateway, Modules.All]);
    }

    [Fact]
    public void Resolve_All_StartsRuntimeConfigFirstEveryPublicModuleAndTheGatewayLast()
    {
        var registry = Modules.CreateRegistry();

        var resolution = registry.Resolve([Modules.All], Modules.All);

        resolution.Errors.ShouldBeEmpty();
        var runnable = resolution.StartOrder.Where(m => m.Init is not null).Select(m => m.Name).ToList();
        runnable.ShouldBe([Modules.RuntimeConfig, Modules.AdminToken, Modules.Eventing, .. ServiceModules, Modules.Gateway]);
        registry.PublicModules.Where(m => m.Name != Modules.All).Select(m => m.Name).ShouldBeSubsetOf(runnable);
    }

    [Fact]
    public void Resolve_NoTargets_DefaultsToAll()
    {
        var resolution = Modules.CreateRegistry().Resolve([], Modules.All);

        resolution.Errors.ShouldBeEmpty();
        resolution.StartOrder.Select(m => m.Name).ShouldBe([Modules.RuntimeConfig, Modules.AdminToken, Modules.Eventing, .. ServiceModules, Modules.Gateway, Modules.All]);
    }

    [Theory]
    [InlineData(Modules.Catalog)]
    [InlineData(Modules.Gateway)]
    public void Resolve_SingleTargetWithoutEvents_StartsRuntimeConfigAndTheAdminTokenThenTheTarget(string target)
    {
        var resolution = Modules.CreateRegistry().Resolve([target], Modules.All);

        resolution.Errors.ShouldBeEmpty();
        resolution.StartOrder.Select(m => m.Name).ShouldBe([Modules.RuntimeConfig, Modules.AdminToken, target]);
    }

    [Theory]
    [InlineData(Modules.Identity)]
    [InlineData(Modules.Payments)]
    [InlineData(Modules.Ordering)]
    public void Resolve_SingleTargetWithEvents_StartsTheEventTransportBeforeTheTarget(string target)
    {
        var resolution = Modules.CreateRegistry().Resolve([target], Modules.All);

        resolution.Errors.ShouldBeEmpty();
        resolution.StartOrder.Select(m => m.Name).ShouldBe([Modules.RuntimeConfig, Modules.AdminToken, Modules.Eventing, target]);
    }

    [Fact]
    public void Resolve_Eventing_IsRejectedAsInternal()
    {
        var resolution = Modules.CreateRegistry().Resolve([Modules.Eventing], Modules.All);

        resolution.Errors.ShouldBe(["module 'eventing' is internal and cannot be a target"]);
    }

    [Fact]
    public void Resolve_RuntimeConfig_IsRejectedAsInternal()
    {
        var resolution = Modules.CreateRegistry().Resolve([Modules.RuntimeConfig], Modules.All);

        resolution.Succeeded.ShouldBeFalse();
        resolution.StartOrder.ShouldBeEmpty();
        resolution.Errors.ShouldBe(["module 'runtime-config' is internal and cannot be a target"]);
    }

    [Fact]
    public void Resolve_UnknownTarget_NamesTheValidTargets()
    {
        var resolution = Modules.CreateRegistry().Resolve(["odering"], Modules.All);

        resolution.Succeeded.ShouldBeFalse();
        resolution.Errors.ShouldBe(["unknown target 'odering'; valid targets: identity, catalog, payments, ordering, gateway, all"]);
    }

    [Fact]
    public void CreateConfigSchema_ShippedConfig_IsValid()
    {
        var result = ConfigLoader.LoadFile(RepositoryRoot.File("config", "atrium.yaml"), Modules.CreateConfigSchema());

        result.Errors.ShouldBeEmpty();
        result.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void ReadEmbedded_ShippedConfig_IsByteIdentical()
    {
        var shipped = File.ReadAllBytes(RepositoryRoot.File("config", "atrium.yaml"));
        using var resource = typeof(ConfigSource).Assembly.GetManifestResourceStream("atrium.yaml");
        resource.ShouldNotBeNull();
        using var embedded = new MemoryStream();
        resource.CopyTo(embedded);

        embedded.ToArray().ShouldBe(shipped);
        ConfigSource.ReadEmbedded().ShouldBe(File.ReadAllText(RepositoryRoot.File("config", "atrium.yaml")));
    }

    [Fact]
    public void CreateConfigSchema_EmbeddedDefaults_AreValid()
    {
        var result = ConfigLoader.Load(ConfigSource.ReadEmbedded(), ConfigSource.Embedded, Modules.CreateConfigSchema());

        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void CreateConfigSchema_DocumentedVariablesOnTheEmbeddedDefaults_TakeEffect()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ATRIUM__IDENTITY__ACCESSTOKENLIFETIME"] = "10m",
            ["ATRIUM__CATALOG__GRPC__REFLECTION"] = "off",
            ["ATRIUM__GATEWAY__LISTEN__0"] = "http://0.0.0.0:8088",
            ["ATRIUM__GATEWAY__ROUTES__0__TIMEOUT"] = "5s",
            ["ATRIUM__GATEWAY__CLUSTERS__ORDERING__ENDPOINTS__0"] = "http://ordering:8104",
        };

        var result = ConfigLoader.Load(ConfigSource.ReadEmbedded(), ConfigSource.Embedded, Modules.CreateConfigSchema(), environment);

        result.Errors.ShouldBeEmpty();
        result.Config!.Get<IdentityOptions>(IdentityOptions.Section).AccessTokenLifetime.ShouldBe(TimeSpan.FromMinutes(10));
        result.Config.Get<CatalogOptions>(CatalogOptions.Section).Grpc.Reflection.ShouldBe(GrpcReflectionMode.Off);
        var gateway = result.Config.Get<GatewayOptions>(GatewayOptions.Section);
        gateway.Listen[0].ShouldBe("http://0.0.0.0:8088");
        gateway.Routes[0].Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        gateway.Clusters["ordering"].Endpoints.ShouldBe(["http://ordering:8104"]);
    }

    [Fact]
    public void CreateConfigSchema_SplitDeploymentServiceSecretVariables_PointBothSidesAtOneFile()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ATRIUM__IDENTITY__CLIENTS__0__SECRETFILE"] = "/srv/atrium/secrets/ordering",
            ["ATRIUM__ORDERING__CLIENT__SECRETFILE"] = "/srv/atrium/secrets/ordering",
            ["ATRIUM__ORDERING__CLIENT__TOKENURL"] = "http://127.0.0.1:18101/connect/token",
        };

        var result = ConfigLoader.Load(ConfigSource.ReadEmbedded(), ConfigSource.Embedded, Modules.CreateConfigSchema(), environment);

        result.Errors.ShouldBeEmpty();
        var clients = result.Config!.Get<IdentityOptions>(IdentityOptions.Section).Clients;
        clients.Count.ShouldBe(2);
        var client = clients[0];
        client.Id.ShouldBe("ordering");
        client.SecretFile.ShouldBe("/srv/atrium/secrets/ordering");
        client.Scopes.ShouldBe(ServiceScopes.All.Where(s => s != ServiceScopes.OrderingSagasRead));
        clients[1].Scopes.ShouldBe([ServiceScopes.OrderingSagasRead]);
        var ordering = result.Config.Get<OrderingOptions>(OrderingOptions.Section).Client;
        ordering.Id.ShouldBe("ordering");
        ordering.SecretFile.ShouldBe("/srv/atrium/secrets/ordering");
        ordering.TokenUrl.ShouldBe("http://127.0.0.1:18101/connect/token");
    }

    [Fact]
    public void CreateConfigSchema_ServiceClientKeysLeftOut_DefaultAsTheEmbeddedFileSays()
    {
        var embedded = ConfigLoader.Load(ConfigSource.ReadEmbedded(), ConfigSource.Embedded, Modules.CreateConfigSchema()).Config!;
        var empty = ConfigLoader.Load("", "test", Modules.CreateConfigSchema()).Config!;

        foreach (var config in new[] { embedded, empty })
        {
            var identity = config.Get<IdentityOptions>(IdentityOptions.Section);
            identity.ServiceTokenLifetime.ShouldBe(TimeSpan.FromMinutes(5));
            identity.Clients.Select(c => c.SecretFile).ShouldBe(["service-secrets/ordering", "service-secrets/payments"]);
            var client = config.Get<OrderingOptions>(OrderingOptions.Section).Client;
            (client.Id, client.Secret, client.SecretFile, client.TokenUrl, client.AllowInsecureTokenUrl)
                .ShouldBe(("ordering", "", "service-secrets/ordering", "http://127.0.0.1:8101/connect/token", false));
            var payments = config.Get<PaymentsOptions>(PaymentsOptions.Section);
            (payments.Client.Id, payments.Client.Secret, payments.Client.SecretFile, payments.Client.TokenUrl, payments.Client.AllowInsecureTokenUrl)
                .ShouldBe(("payments", "", "service-secrets/payments", "http://127.0.0.1:8101/connect/token", false));
            (payments.OrderingAddress, payments.CallTimeout).ShouldBe(("http://127.0.0.1:9104", TimeSpan.FromSeconds(1)));
        }
    }

    [Fact]
    public void CreateConfigSchema_EventingVariablesOfTheContract_SelectRabbitMq()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ATRIUM__EVENTING__TRANSPORT"] = "rabbitmq",
            ["ATRIUM__EVENTING__RABBITMQ__URI"] = "amqp://u:p@127.0.0.1:5673/",
        };

        var result = ConfigLoader.Load(ConfigSource.ReadEmbedded(), ConfigSource.Embedded, Modules.CreateConfigSchema(), environment);

        result.Errors.ShouldBeEmpty();
        var eventing = result.Config!.Get<EventingOptions>(EventingOptions.Section);
        eventing.Transport.ShouldBe(EventTransportKind.RabbitMq);
        eventing.Rabbitmq.Uri.ShouldBe("amqp://u:p@127.0.0.1:5673/");
        eventing.Rabbitmq.MaxDeliveries.ShouldBe(10);
    }

    [Fact]
    public void CreateConfigSchema_EmbeddedEventingDefaults_MatchTheOptionsDefaults()
    {
        var result = ConfigLoader.Load(ConfigSource.ReadEmbedded(), ConfigSource.Embedded, Modules.CreateConfigSchema());

        var embedded = result.Config!.Get<EventingOptions>(EventingOptions.Section);
        var defaults = new EventingOptions();
        embedded.Transport.ShouldBe(defaults.Transport);
        embedded.Rabbitmq.ShouldBeEquivalentTo(defaults.Rabbitmq);
    }

    [Fact]
    public void CreateConfigSchema_GrpcKeysOfEachService_BindAndAreValidated()
    {
        const string yaml = """
            catalog:
              grpc: { reflection: off, maxReceiveMessageSize: 65536, compressResponses: true }
            payments:
              grpc: { reflection: on }
            identity:
              grpc: { maxReceiveMessageSize: 100, maxSendMessageSize: 0 }
            ordering:
              grpc: { reflection: sometimes }
            """;

        var result = ConfigLoader.Load(yaml, "test.yaml", Modules.CreateConfigSchema());

        result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal).ShouldBe(
            ["identity.grpc.maxReceiveMessageSize", "identity.grpc.maxSendMessageSize", "ordering.grpc.reflection"]);

        var valid = ConfigLoader.Load(yaml[..yaml.IndexOf("identity:", StringComparison.Ordinal)], "test.yaml", Modules.CreateConfigSchema());
        valid.Errors.ShouldBeEmpty();
        var catalog = valid.Config!.Get<CatalogOptions>(CatalogOptions.Section).Grpc;
        catalog.Reflection.ShouldBe(GrpcReflectionMode.Off);
        catalog.MaxReceiveMessageSize.ShouldBe(65536);
        catalog.MaxSendMessageSize.ShouldBe(GrpcOptions.DefaultMaxMessageSize);
        catalog.CompressResponses.ShouldBeTrue();
        valid.Config.Get<PaymentsOptions>(PaymentsOptions.Section).Grpc.Reflection.ShouldBe(GrpcReflectionMode.On);
        valid.Config.Get<OrderingOptions>(OrderingOptions.Section).Grpc.Reflection.ShouldBe(GrpcReflectionMode.Auto);
    }
}
