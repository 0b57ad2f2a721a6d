using Atrium.Chassis.Errors;
using Atrium.Contracts.Payments.V1;
using Atrium.Payments.Application;
using Atrium.Payments.Domain;
using Grpc.Core;
using CommonMoney = Atrium.Contracts.Common.V1.Money;

namespace Atrium.Payments.Api;

/// <summary>
/// <c>atrium.payments.v1.Payments</c>, the internal gRPC API the order saga calls on the h2c listener. Refusals
/// answer through the chassis error table: insufficient funds FAILED_PRECONDITION, a charge after its refund
/// ABORTED, no account yet NOT_FOUND, a malformed request INVALID_ARGUMENT, a refund of a capture whose saga does
/// not compensate FAILED_PRECONDITION (<c>REFUND_NOT_COMPENSATING</c>), ordering unreachable UNAVAILABLE; each with
/// its <c>x-error-code</c>.
/// </summary>
internal sealed class PaymentsGrpcService(PaymentService payments, CompensatedRefunds refunds) : Contracts.Payments.V1.Payments.PaymentsBase
{
    /// <summary>Takes the amount from the user's account once per order id (the saga's try).</summary>
    public override async Task<PaymentReply> Charge(ChargeRequest request, ServerCallContext context)
    {
        var (orderId, userId, amount) = Validate(request);
        try
        {
            var payment = await payments.ChargeAsync(orderId, userId, amount, context.CancellationToken).ConfigureAwait(false);
            return Reply(orderId, payment.Status.ToString(), payment.Money);
        }
        catch (PaymentsDomainException ex)
        {
            throw PaymentsErrorMapping.ToAtrium(ex);
        }
    }

    /// <summary>Gives a captured charge back once when ordering says the saga compensates; before any charge, a null compensation.</summary>
    public override async Task<PaymentReply> Refund(RefundRequest request, ServerCallContext context)
    {
        var orderId = OrderIds.Require(request.OrderId, "order_id");
        try
        {
            var payment = await refunds.RefundAsync(orderId, context.CancellationToken).ConfigureAwait(false);
            // A declined charge had nothing to give back: to the saga that is a null compensation.
            return payment.Status == PaymentStatus.Refunded
                ? Reply(orderId, nameof(PaymentStatus.Refunded), payment.Money)
                : Reply(orderId, nameof(PaymentStatus.NullCompensated), new Money(0, payment.Currency));
        }
        catch (PaymentsDomainException ex)
        {
            throw PaymentsErrorMapping.ToAtrium(ex);
        }
    }

    private static (string OrderId, Guid UserId, Money Amount) Validate(ChargeRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!OrderIds.IsValid(request.OrderId))
        {
            errors["order_id"] = [$"must be 1 to {OrderIds.MaxLength} characters"];
        }

        if (!Guid.TryParse(request.UserId, out var userId) || userId == Guid.Empty)
        {
            errors["user_id"] = ["must be a user id"];
        }

        if (request.Amount is null)
        {
            errors["amount"] = ["is required"];
        }
        else
        {
            if (request.Amount.Amount <= 0)
            {
                errors["amount.amount"] = ["must be 1 or more"];
            }

            if (request.Amount.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
            {
                errors["amount.currency"] = ["must be an upper-case ISO 4217 code"];
            }
        }

        return errors.Count > 0
            ? throw new ValidationFailedException(errors)
            : (request.OrderId, userId, new Money(request.Amount!.Amount, request.Amount.Currency));
    }

    private static PaymentReply Reply(string orderId, string status, Money amount) => new()
    {
        OrderId = orderId,
        Status = status,
        Amount = new CommonMoney { Amount = amount.Amount, Currency = amount.Currency },
    };
}
