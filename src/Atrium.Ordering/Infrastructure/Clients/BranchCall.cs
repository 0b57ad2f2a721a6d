using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Ordering.Domain;
using Grpc.Core;

namespace Atrium.Ordering.Infrastructure.Clients;

/// <summary>
/// Runs one internal gRPC call with the configured deadline and sorts its ending into the saga's three outcomes. Only
/// the statuses a branch documents as business refusals are refusals; every other failure (deadline, unavailable,
/// internal, a reset connection) leaves the outcome unknown, so the saga asks again: the branch is idempotent.
/// </summary>
internal sealed class BranchCall(LiveOptions<OrderingOptions> live, TimeProvider time)
{
    public async Task<BranchResult> RunAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, Func<RpcException, string?> refusal, CancellationToken cancellationToken)
    {
        try
        {
            using var pending = call(CallOptions(cancellationToken));
            await pending.ResponseAsync.ConfigureAwait(false);
            return BranchResult.Ok;
        }
        catch (RpcException ex) when (refusal(ex) is { } reason)
        {
            return BranchResult.Refused(reason);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return BranchResult.Transient(ex.Status.ToString());
        }
    }

    /// <summary>Runs a query (not a saga step): failures become the gateway-style upstream error codes.</summary>
    public async Task<T> QueryAsync<T>(string service, Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            using var pending = call(CallOptions(cancellationToken));
            return await pending.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded && !cancellationToken.IsCancellationRequested)
        {
            throw new AtriumException(ErrorCodes.UpstreamTimeout, $"The {service} service did not answer in time.", ex);
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.NotFound or StatusCode.InvalidArgument) && !cancellationToken.IsCancellationRequested)
        {
            throw new AtriumException(ErrorCodes.UpstreamUnavailable, $"The {service} service is unavailable.", ex);
        }
    }

    // grpc-dotnet measures the deadline against the system clock; the module's clock is that one outside tests.
    private CallOptions CallOptions(CancellationToken cancellationToken) =>
        new(deadline: (time.GetUtcNow() + live.Current.CallTimeout).UtcDateTime, cancellationToken: cancellationToken);
}
