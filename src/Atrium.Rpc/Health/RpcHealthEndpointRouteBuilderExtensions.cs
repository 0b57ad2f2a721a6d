using Atrium.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Rpc.Health;

/// <summary>Maps the standard gRPC health service.</summary>
public static class RpcHealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>grpc.health.v1.Health</c> (Check and Watch), answering from the application's health checks: SERVING
    /// when all pass, NOT_SERVING otherwise; NOT_FOUND (Check) or SERVICE_UNKNOWN (Watch) for a service not mapped here.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddRpcServer</c> was not called on the services.</exception>
    public static IEndpointConventionBuilder MapRpcHealthService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var runtime = endpoints.ServiceProvider.GetService<RpcServerRuntime>()
            ?? throw new InvalidOperationException("Call services.AddRpcServer() before mapping gRPC services.");
        var health = new RpcHealthService(runtime, endpoints.ServiceProvider.GetService<HealthCheckService>());
        return endpoints.MapRpcService(service => service
            .MapUnary(HealthMethods.Check, health.CheckAsync)
            .MapServerStreaming(HealthMethods.Watch, health.WatchAsync));
    }
}
