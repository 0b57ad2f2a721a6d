using Atrium.Chassis.Errors;
using Atrium.Rpc;
using Grpc.Core;

namespace Atrium.Catalog.Tests.Api;

/// <summary>Asserts how a gRPC call failed: its status and its <c>x-error-code</c> trailer.</summary>
internal static class RpcAssert
{
    public static async Task<RpcException> FailsAsync(Func<Task> call, ErrorCode code)
    {
        var error = await Should.ThrowAsync<RpcException>(call);
        error.StatusCode.ShouldBe(code.GrpcStatus.ToStatusCode(), error.Status.Detail);
        error.GetErrorCode().ShouldBe(code.Name);
        return error;
    }
}
