using Atrium.Catalog.Tests.Api;
using Grpc.Core;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Atrium.Catalog.Tests;

/// <summary>
/// What the catalog's h2c listener answers beside its own methods: <c>grpc.health.v1</c> for the server and each of
/// its services, and UNIMPLEMENTED for a method or service it does not serve. With identity running: the catalog is
/// serving only once it has identity's signing keys.
/// </summary>
public sealed class CatalogModuleTests(CatalogAdminFixture catalog) : IClassFixture<CatalogAdminFixture>
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static (byte[] message) => message, static message => message);

    // An empty message is a valid request of every method, so only the path decides the answer.
    private Task<byte[]> CallAsync(string service, string method) =>
        catalog.Invoker.AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, service, method, Bytes, Bytes), null, default, []).ResponseAsync;

    [Theory]
    [InlineData("atrium.catalog.v1.Products", "DeleteProducts")]
    [InlineData("atrium.catalog.v1.Reservations", "Extend")]
    public async Task Call_UnknownMethodOfAKnownService_IsUnimplemented(string service, string method)
    {
        var error = await Should.ThrowAsync<RpcException>(CallAsync(service, method));

        error.StatusCode.ShouldBe(StatusCode.Unimplemented, error.Status.Detail);
    }

    [Fact]
    public async Task Call_UnknownService_IsUnimplemented()
    {
        var error = await Should.ThrowAsync<RpcException>(CallAsync("atrium.catalog.v1.Warehouses", "GetProducts"));

        error.StatusCode.ShouldBe(StatusCode.Unimplemented, error.Status.Detail);
    }

    [Fact]
    public async Task HealthCheck_TheServerAndEachService_AreServing()
    {
        var health = new Health.HealthClient(catalog.Invoker);

        foreach (var service in new[] { "", "atrium.catalog.v1.Products", "atrium.catalog.v1.Reservations" })
        {
            (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status.ShouldBe(ServingStatus.Serving, $"service '{service}'");
        }
    }

    [Fact]
    public async Task HealthCheck_ServiceOfAnotherModule_IsNotFound()
    {
        var health = new Health.HealthClient(catalog.Invoker);

        var error = await Should.ThrowAsync<RpcException>(health.CheckAsync(new HealthCheckRequest { Service = "atrium.payments.v1.Payments" }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }
}
