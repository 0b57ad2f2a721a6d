using Atrium.Chassis.Errors;
using Atrium.Rpc;
using Grpc.Core;

namespace Atrium.Payments.Tests.Api;

/// <summary>Asserts that a gRPC call ended with the status and <c>x-error-code</c> of a chassis error code.</summary>
internal static class RpcFailure
{
    public static async Task<RpcException> ShouldFailWithAsync<T>(this Task<T> call, ErrorCode expected)
    {
        var exception = await Should.ThrowAsync<RpcException>(call);
        exception.ShouldSatisfyAllConditions(
            e => e.StatusCode.ShouldBe(expected.GrpcStatus.ToStatusCode(), e.Status.Detail),
            e => e.GetErrorCode().ShouldBe(expected.Name));
        return exception;
    }
}
