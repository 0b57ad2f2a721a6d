using Atrium.Payments.Domain;

namespace Atrium.Payments.Application;

/// <summary>
/// Refunds only what the order saga compensates: a refund that would give a capture back asks ordering first, so a
/// holder of <c>payments.refund</c> cannot take back a Confirmed order's money in the moment before payments hears of
/// the confirmation. A refund with nothing to give back (no charge yet, a declined one, a repeat) asks nobody.
/// </summary>
internal sealed class CompensatedRefunds(PaymentService payments, IOrderSagas sagas)
{
    /// <summary>Refunds the order once, as <see cref="PaymentService.RefundAsync"/>, a capture only for a compensating saga.</summary>
    /// <exception cref="PaymentsDomainException">Refused: the payment is settled, or the saga does not compensate.</exception>
    public async Task<Payment> RefundAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            return await payments.RefundAsync(orderId, compensationChecked: false, cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentsDomainException ex) when (ex.Error == PaymentsErrors.CompensationUnchecked)
        {
            // A capture to give back: rolled back with its barrier row, so the second pass enters afresh.
        }

        if (!await sagas.IsCompensatingAsync(orderId, cancellationToken).ConfigureAwait(false))
        {
            throw new PaymentsDomainException(
                PaymentsErrors.RefundNotCompensating, $"The saga of order '{orderId}' is not compensating; its payment is not refunded.");
        }

        return await payments.RefundAsync(orderId, compensationChecked: true, cancellationToken).ConfigureAwait(false);
    }
}
