using Atrium.Chassis.Errors;
using Atrium.Contracts.Payments.V1;
using Atrium.Ordering.Application;
using Atrium.Ordering.Domain;
using Atrium.Rpc;
using Grpc.Core;
using CommonMoney = Atrium.Contracts.Common.V1.Money;

namespace Atrium.Ordering.Infrastructure.Clients;

/// <summary>Payments over gRPC (<c>atrium.payments.v1</c>).</summary>
internal sealed class GrpcPaymentsClient(BranchChannels channels, BranchCall call) : IPaymentsClient
{
    /// <summary>The refusal of a refund whose payment is settled (its order confirmed); the saga halts on it.</summary>
    public const string PaymentSettled = "PAYMENT_SETTLED";

    public Task<BranchResult> ChargeAsync(Guid orderId, Guid userId, Money amount, CancellationToken cancellationToken)
    {
        var request = new ChargeRequest
        {
            OrderId = orderId.ToString(),
            UserId = userId.ToString(),
            Amount = new CommonMoney { Amount = amount.Amount, Currency = amount.Currency },
        };
        return call.RunAsync(
            options => channels.Payments.ChargeAsync(request, options),
            // NOT_FOUND is no refusal: the account opens when payments sees UserRegistered, which may be a moment behind.
            static error => error.StatusCode switch
            {
                StatusCode.FailedPrecondition => CancellationReasons.InsufficientFunds,
                StatusCode.InvalidArgument => CancellationReasons.PaymentRejected,
                StatusCode.Aborted => CancellationReasons.DeadlineExceeded,
                _ => null,
            },
            cancellationToken);
    }

    public Task<BranchResult> RefundAsync(Guid orderId, CancellationToken cancellationToken) =>
        call.RunAsync(
            options => channels.Payments.RefundAsync(new RefundRequest { OrderId = orderId.ToString() }, options),
            // Only a settled payment is a refusal, by its own code; anything else (a rule this saga did not expect
            // included) may pass on a retry, and stopping an order for good on a guess would strand its money.
            static error => error.GetErrorCode() == ErrorCodes.PaymentSettled.Name ? PaymentSettled : null,
            cancellationToken);
}
