using Atrium.Chassis.Errors;
using Atrium.Rpc.Health.V1;
using Atrium.Rpc.Server;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServingStatus = Atrium.Rpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Atrium.Rpc.Health;

/// <summary>
/// <c>grpc.health.v1.Health</c> backed by the application's health checks (the same ones as <c>/readyz</c>): SERVING
/// when every check is healthy. The server (<c>""</c>) and every service mapped on the application are known.
/// </summary>
internal sealed class RpcHealthService(RpcServerRuntime runtime, HealthCheckService? checks)
{
    /// <summary>How often Watch re-evaluates the checks.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, RpcServerContext context)
    {
        if (!IsKnown(request.Service))
        {
            throw new RpcException(GrpcStatusCode.NotFound, $"Unknown service '{request.Service}'.");
        }

        return new HealthCheckResponse { Status = await EvaluateAsync(context.CancellationToken).ConfigureAwait(false) };
    }

    public async Task WatchAsync(HealthCheckRequest request, IRpcStreamWriter<HealthCheckResponse> responses, RpcServerContext context)
    {
        var token = context.CancellationToken;
        ServingStatus? last = null;
        while (!token.IsCancellationRequested)
        {
            var status = IsKnown(request.Service) ? await EvaluateAsync(token).ConfigureAwait(false) : ServingStatus.ServiceUnknown;
            if (status != last)
            {
                await responses.WriteAsync(new HealthCheckResponse { Status = status }, token).ConfigureAwait(false);
                last = status;
            }

            // Ends with the watcher's cancellation or deadline; the server turns that into the status.
            await Task.Delay(WatchInterval, runtime.TimeProvider, token).ConfigureAwait(false);
        }
    }

    private bool IsKnown(string service) => service.Length == 0 || runtime.Services.ContainsKey(service);

    private async Task<ServingStatus> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (checks is null)
        {
            return ServingStatus.Serving;
        }

        var report = await checks.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        return report.Status == HealthStatus.Healthy ? ServingStatus.Serving : ServingStatus.NotServing;
    }
}
