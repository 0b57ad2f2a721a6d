using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Rpc.Server;

/// <summary>Maps gRPC services on an application's routes.</summary>
public static class RpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the methods declared in <paramref name="configure"/> as <c>POST /{service}/{method}</c> endpoints, and
    /// (once per application) a fallback that answers other gRPC requests with UNIMPLEMENTED.
    /// </summary>
    /// <returns>A builder for conventions on all of the service's endpoints (e.g. authorization, metadata).</returns>
    /// <exception cref="InvalidOperationException"><c>AddRpcServer</c> was not called on the services.</exception>
    public static IEndpointConventionBuilder MapRpcService(this IEndpointRouteBuilder endpoints, Action<RpcServiceBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configure);
        var runtime = endpoints.ServiceProvider.GetService<RpcServerRuntime>()
            ?? throw new InvalidOperationException("Call services.AddRpcServer() before mapping gRPC services.");
        var service = new RpcServiceBuilder();
        configure(service);

        var group = endpoints.MapGroup("");
        foreach (var (path, serviceName, handler) in service.Build(runtime))
        {
            group.MapPost(path, handler).WithDisplayName($"gRPC {path}");
            runtime.Services.TryAdd(serviceName, true);
        }

        MapFallback(endpoints, runtime);
        return group;
    }

    private static void MapFallback(IEndpointRouteBuilder endpoints, RpcServerRuntime runtime)
    {
        if (Interlocked.Exchange(ref runtime.FallbackMapped, 1) == 1)
        {
            return;
        }

        var pattern = RoutePatternFactory.Parse(
            "/{service}/{method}",
            defaults: null,
            parameterPolicies: new RouteValueDictionary { ["service"] = new GrpcContentTypeConstraint() });
        endpoints.Map(pattern, new UnimplementedHandler(runtime).HandleAsync)
            .WithMetadata(new HttpMethodMetadata(["POST"]))
            .WithDisplayName("gRPC unimplemented");
    }
}
