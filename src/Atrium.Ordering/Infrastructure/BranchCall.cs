using Atrium.Chassis.Errors;
using Atrium.Ordering.Application;
using Atrium.Rpc;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// Runs one internal gRPC call with the configured deadline and sorts its ending into the saga's three outcomes. Only
/// the statuses a branch documents as business refusals are refusals; every other failure (deadline, unavailable,
/// internal, a reset connection) leaves the outcome unknown, so the saga asks again: the branch is idempotent.
/// </summary>
internal sealed class BranchCall(OrderingOptions options, TimeProvider time)
{
    public async Task<BranchResult> RunAsync(Func<Atrium.Rpc.Client.RpcCallOptions, Task> call, Func<GrpcStatusCode, string?> refusal, CancellationToken cancellationToken)
    {
        try
        {
            await call(CallOptions(cancellationToken)).ConfigureAwait(false);
            return BranchResult.Ok;
        }
        catch (RpcException ex) when (refusal(ex.StatusCode) is { } reason)
        {
            return BranchResult.Refused(reason);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return BranchResult.Transient(ex.Status.ToString());
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return BranchResult.Transient(ex.Message);
        }
    }

    /// <summary>Runs a query (not a saga step): failures become the gateway-style upstream error codes.</summary>
    public async Task<T> QueryAsync<T>(string service, Func<Atrium.Rpc.Client.RpcCallOptions, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(CallOptions(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatusCode.DeadlineExceeded && !cancellationToken.IsCancellationRequested)
        {
            throw new AtriumException(ErrorCodes.UpstreamTimeout, $"The {service} service did not answer in time.", ex);
        }
        catch (RpcException ex) when (ex.StatusCode is not (GrpcStatusCode.NotFound or GrpcStatusCode.InvalidArgument) && !cancellationToken.IsCancellationRequested)
        {
            throw new AtriumException(ErrorCodes.UpstreamUnavailable, $"The {service} service is unavailable.", ex);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AtriumException(ErrorCodes.UpstreamUnavailable, $"The {service} service is unavailable.", ex);
        }
    }

    private Atrium.Rpc.Client.RpcCallOptions CallOptions(CancellationToken cancellationToken) => new()
    {
        Deadline = time.GetUtcNow() + options.CallTimeout,
        CancellationToken = cancellationToken,
    };
}
