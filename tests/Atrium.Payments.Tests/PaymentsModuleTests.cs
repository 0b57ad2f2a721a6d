using Atrium.Payments.Tests.Api;
using Grpc.Core;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Atrium.Payments.Tests;

/// <summary>What the payments h2c listener answers beside its own methods: <c>grpc.health.v1</c> for the server and its service.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class PaymentsModuleTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task HealthCheck_TheServerAndItsService_AreServing()
    {
        var health = new Health.HealthClient(payments.Invoker);

        foreach (var service in new[] { "", "atrium.payments.v1.Payments" })
        {
            (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status.ShouldBe(ServingStatus.Serving, $"service '{service}'");
        }
    }

    [Fact]
    public async Task HealthCheck_ServiceOfAnotherModule_IsNotFound()
    {
        var health = new Health.HealthClient(payments.Invoker);

        var error = await Should.ThrowAsync<RpcException>(health.CheckAsync(new HealthCheckRequest { Service = "atrium.identity.v1.Users" }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }
}
