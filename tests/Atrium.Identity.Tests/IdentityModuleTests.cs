using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Atrium.Identity.Tests;

/// <summary>What identity's h2c listener answers beside its own methods: <c>grpc.health.v1</c> for the server and its service.</summary>
public sealed class IdentityModuleTests : IAsyncLifetime
{
    private ModuleTestHost _host = null!;
    private GrpcChannel _channel = null!;
    private Health.HealthClient _health = null!;

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, rpc: true);
        _channel = GrpcChannels.Create(_host.RpcAddress);
        _health = new Health.HealthClient(_channel.CreateInvoker());
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task HealthCheck_TheServerAndItsService_AreServing()
    {
        foreach (var service in new[] { "", "atrium.identity.v1.Users" })
        {
            (await _health.CheckAsync(new HealthCheckRequest { Service = service })).Status.ShouldBe(ServingStatus.Serving, $"service '{service}'");
        }
    }

    [Fact]
    public async Task HealthCheck_ServiceOfAnotherModule_IsNotFound()
    {
        var error = await Should.ThrowAsync<RpcException>(_health.CheckAsync(new HealthCheckRequest { Service = "atrium.catalog.v1.Products" }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }
}
