using Atrium.Chassis.Errors;
using Atrium.Rpc;

namespace Atrium.Catalog.Tests.Api;

/// <summary>Asserts how a gRPC call failed: its status and its <c>x-error-code</c> trailer.</summary>
internal static class RpcAssert
{
    public static async Task<RpcException> FailsAsync(Func<Task> call, ErrorCode code)
    {
        var error = await Should.ThrowAsync<RpcException>(call);
        error.StatusCode.ShouldBe(code.GrpcStatus, error.Detail);
        error.Trailers.GetValue("x-error-code").ShouldBe(code.Name);
        return error;
    }
}
