using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;

namespace Atrium.Rpc.Server;

/// <summary>Answers gRPC requests for a service or method nobody mapped: UNIMPLEMENTED, trailers-only.</summary>
internal sealed class UnimplementedHandler(RpcServerRuntime runtime)
{
    public async Task HandleAsync(HttpContext http)
    {
        RpcServerLog.Unimplemented(runtime.Logger, http.Request.Path);
        http.Response.ContentType = RpcHeaders.ContentType;
        var call = new ServerCall(http, runtime, null, false, false);
        var status = new RpcStatus(GrpcStatusCode.Unimplemented, $"Method {http.Request.Path} is unimplemented.");
        await call.CompleteAsync(status, null, flushNow: false).ConfigureAwait(false);
    }
}
