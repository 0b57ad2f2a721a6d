using Atrium.Chassis.Errors;
using Atrium.Rpc.Client;
using Atrium.Rpc.Interceptors;
using Atrium.Rpc.Server;
using Atrium.Rpc.Tests.Interop;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Interceptors;

public sealed class InterceptorTests
{
    [Fact]
    public async Task ServerAndClientInterceptors_RunInOrder_AroundTheCall()
    {
        var log = new List<string>();
        await using var server = await RpcTestServer.StartAsync(
            app => app.MapRpcService(s => s.AddInterceptor(new ServerRecorder("service", log)).MapUnary(TestServiceMethods.EmptyCall, (_, context) =>
            {
                log.Add($"handler {string.Join(",", context.RequestHeaders.Where(e => e.Key == "x-token").Select(e => e.Value))}");
                return Task.FromResult(new Empty());
            })),
            o => o.Interceptors.Add(new ServerRecorder("global", log)));
        var options = new RpcChannelOptions();
        options.Interceptors.Add(new ClientRecorder("first", log));
        options.Interceptors.Add(new ClientRecorder("second", log));
        using var channel = server.CreateChannel(options);

        await channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty());

        log.ShouldBe(["client first", "client second", "server global", "server service", "handler first, second", "server service done", "server global done", "client second done", "client first done"]);
    }

    [Fact]
    public async Task ServerInterceptor_Throws_ShortCircuitsWithItsStatus()
    {
        var handled = false;
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(s => s
            .AddInterceptor(new RequireToken())
            .MapUnary(TestServiceMethods.EmptyCall, (_, _) =>
            {
                handled = true;
                return Task.FromResult(new Empty());
            })));
        using var channel = server.CreateChannel();

        var error = await Should.ThrowAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty()));

        error.StatusCode.ShouldBe(GrpcStatusCode.Unauthenticated);
        handled.ShouldBeFalse();
    }

    [Fact]
    public async Task ClientInterceptor_Throws_CallIsNeverSent()
    {
        var handled = false;
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(s => s
            .MapUnary(TestServiceMethods.EmptyCall, (_, _) =>
            {
                handled = true;
                return Task.FromResult(new Empty());
            })));
        var options = new RpcChannelOptions();
        options.Interceptors.Add(new Refuse());
        using var channel = server.CreateChannel(options);

        var error = await Should.ThrowAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty()));

        error.StatusCode.ShouldBe(GrpcStatusCode.PermissionDenied);
        handled.ShouldBeFalse();
    }

    private sealed class ServerRecorder(string name, List<string> log) : IRpcServerInterceptor
    {
        public async ValueTask InterceptAsync(RpcServerContext context, RpcServerContinuation continuation)
        {
            log.Add($"server {name}");
            await continuation(context);
            log.Add($"server {name} done");
        }
    }

    private sealed class ClientRecorder(string name, List<string> log) : IRpcClientInterceptor
    {
        public async Task InterceptAsync(RpcClientContext context, RpcClientContinuation continuation)
        {
            log.Add($"client {name}");
            context.RequestHeaders.Add("x-token", name);
            await continuation(context);
            log.Add($"client {name} done");
        }
    }

    private sealed class RequireToken : IRpcServerInterceptor
    {
        public ValueTask InterceptAsync(RpcServerContext context, RpcServerContinuation continuation) =>
            context.RequestHeaders.GetValue("authorization") is null
                ? throw new RpcException(GrpcStatusCode.Unauthenticated, "no credentials")
                : continuation(context);
    }

    private sealed class Refuse : IRpcClientInterceptor
    {
        public Task InterceptAsync(RpcClientContext context, RpcClientContinuation continuation) =>
            throw new RpcException(GrpcStatusCode.PermissionDenied, "refused locally");
    }
}
