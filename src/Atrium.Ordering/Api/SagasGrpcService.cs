using Atrium.Chassis.Errors;
using Atrium.Contracts.Ordering.V1;
using Atrium.Ordering.Application.Saga;
using Grpc.Core;

namespace Atrium.Ordering.Api;

/// <summary>
/// <c>atrium.ordering.v1.Sagas</c>, the internal gRPC API on ordering's h2c listener: payments asks it before it gives
/// a captured charge back, so that only the saga's own compensation gets money back. An order ordering does not know
/// (an id that is not one of its order ids included) answers NOT_FOUND.
/// </summary>
internal sealed class SagasGrpcService(SagaCompensations compensations) : Sagas.SagasBase
{
    /// <summary>Whether the order's saga compensates, from its saved record.</summary>
    public override async Task<Compensation> GetCompensation(GetCompensationRequest request, ServerCallContext context)
    {
        if (request.OrderId.Length == 0)
        {
            throw ValidationFailedException.ForField("order_id", "is required");
        }

        var found = Guid.TryParse(request.OrderId, out var orderId)
            ? await compensations.FindAsync(orderId, context.CancellationToken).ConfigureAwait(false)
            : null;
        var (compensating, reason) = found ?? throw new AtriumException(ErrorCodes.NotFound, $"Order '{request.OrderId}' does not exist.");
        return new Compensation { OrderId = request.OrderId, Compensating = compensating, Reason = reason };
    }
}
