using Atrium.Chassis.Errors;
using Atrium.Rpc.Health;
using Atrium.Rpc.Health.V1;
using Atrium.Rpc.Server;
using Atrium.Rpc.Tests.Interop;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServingStatus = Atrium.Rpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Atrium.Rpc.Tests.Health;

public sealed class RpcHealthServiceTests
{
    [Fact]
    public async Task Check_ServerAndMappedService_Serving_UnknownService_NotFound()
    {
        await using var server = await RpcTestServer.StartAsync(app =>
        {
            app.MapRpcService(InteropTestService.Map);
            app.MapRpcHealthService();
        });
        using var channel = server.CreateChannel();

        (await channel.UnaryAsync(HealthMethods.Check, new HealthCheckRequest())).Status.ShouldBe(ServingStatus.Serving);
        (await channel.UnaryAsync(HealthMethods.Check, new HealthCheckRequest { Service = TestServiceMethods.Service })).Status.ShouldBe(ServingStatus.Serving);
        (await Should.ThrowAsync<RpcException>(() => channel.UnaryAsync(HealthMethods.Check, new HealthCheckRequest { Service = "nope" })))
            .StatusCode.ShouldBe(GrpcStatusCode.NotFound);
    }

    [Fact]
    public async Task Check_FailingHealthCheck_NotServing()
    {
        await using var server = await RpcTestServer.StartAsync(
            app => app.MapRpcHealthService(),
            services: s => s.AddHealthChecks().AddCheck("db", () => HealthCheckResult.Unhealthy()));
        using var channel = server.CreateChannel();

        (await channel.UnaryAsync(HealthMethods.Check, new HealthCheckRequest())).Status.ShouldBe(ServingStatus.NotServing);
    }

    [Fact]
    public async Task Watch_SendsCurrentStatus_AndServiceUnknownForUnknownService()
    {
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcHealthService());
        using var channel = server.CreateChannel();

        using var known = channel.ServerStreaming(HealthMethods.Watch, new HealthCheckRequest());
        (await known.ResponseStream.MoveNextAsync()).ShouldBeTrue();
        known.ResponseStream.Current.Status.ShouldBe(ServingStatus.Serving);

        using var unknown = channel.ServerStreaming(HealthMethods.Watch, new HealthCheckRequest { Service = "later" });
        (await unknown.ResponseStream.MoveNextAsync()).ShouldBeTrue();
        unknown.ResponseStream.Current.Status.ShouldBe(ServingStatus.ServiceUnknown);
    }
}
