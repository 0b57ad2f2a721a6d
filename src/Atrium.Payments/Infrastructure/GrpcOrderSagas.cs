using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Contracts.Ordering.V1;
using Atrium.Payments.Application;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Atrium.Payments.Infrastructure;

/// <summary>
/// Ordering's <c>atrium.ordering.v1.Sagas</c> over one gRPC channel, each call carrying a service token for
/// ordering. NOT_FOUND is an answer (an order ordering does not know compensates nothing); any other failure, a
/// refused token included, is UPSTREAM_UNAVAILABLE, so the refund's caller asks again.
/// </summary>
internal sealed partial class GrpcOrderSagas : IOrderSagas, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Sagas.SagasClient _sagas;
    private readonly LiveOptions<PaymentsOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GrpcOrderSagas> _logger;

    public GrpcOrderSagas(LiveOptions<PaymentsOptions> options, ServiceTokenSource tokens, TimeProvider time, ILogger<GrpcOrderSagas> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _channel = GrpcChannels.Create(new Uri(options.Current.OrderingAddress), tokens.CredentialsFor(ServiceScopes.Ordering));
        // A callee that refuses a token (identity restarted with a new signing key) gets a new one on the next call.
        _sagas = new(tokens.Intercept(_channel.CreateInvoker(time), ServiceScopes.Ordering));
    }

    public async Task<bool> IsCompensatingAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            // grpc-dotnet measures the deadline against the system clock; the module's clock is that one outside tests.
            var deadline = (_time.GetUtcNow() + _options.Current.CallTimeout).UtcDateTime;
            var compensation = await _sagas.GetCompensationAsync(
                new GetCompensationRequest { OrderId = orderId }, deadline: deadline, cancellationToken: cancellationToken).ConfigureAwait(false);
            return compensation.Compensating;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(_logger, orderId, ex.StatusCode, ex.Status.Detail);
            throw new AtriumException(ErrorCodes.UpstreamUnavailable, "Ordering could not say whether the order's saga compensates; try again.", ex);
        }
    }

    public void Dispose() => _channel.Dispose();

    [LoggerMessage(EventId = PaymentsEventIds.RefundWaits, Level = LogLevel.Warning, Message = "Refund of order {OrderId} waits: ordering answered {Status} ({Detail})")]
    private static partial void LogUnavailable(ILogger logger, string orderId, StatusCode status, string detail);
}
