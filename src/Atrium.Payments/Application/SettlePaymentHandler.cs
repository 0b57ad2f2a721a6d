using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;
using Atrium.Payments.Domain;
using Atrium.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Atrium.Payments.Application;

/// <summary>
/// Settles the payment of every confirmed order, so that a later refund of it is refused. Runs behind the inbox, which
/// commits the change with its own row; a redelivered or repeated event finds the payment settled and changes nothing.
/// </summary>
/// <remarks>
/// The saga charges before it confirms and refunds only before it confirms, so a confirmed order's payment is a
/// capture. Anything else changes nothing and is logged rather than thrown, since a throw would have the inbox
/// deliver the event again and again: no payment (an order with nothing to pay is confirmed without a charge), or a
/// payment that is not a capture (which the saga cannot produce).
/// </remarks>
internal sealed partial class SettlePaymentHandler(PaymentsDbContext db, ILogger<SettlePaymentHandler> logger)
    : IIntegrationEventHandler<OrderConfirmed>
{
    public async Task HandleAsync(OrderConfirmed integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        // The saga calls payments with the order id in this form (Guid.ToString()).
        var orderId = integrationEvent.OrderId.ToString();
        // One conditional statement, no load first: the usual case (a capture) is settled in one round trip. The status
        // is the payment's concurrency token, so a refund that read the capture meanwhile fails its save and retries.
        if (await db.Database.ExecuteSqlAsync(
                $"""UPDATE payments SET "Status" = {nameof(PaymentStatus.Settled)} WHERE "OrderId" = {orderId} AND "Status" = {nameof(PaymentStatus.Captured)}""",
                cancellationToken).ConfigureAwait(false) == 1)
        {
            LogSettled(logger, orderId);
            return;
        }

        // Nothing settled: read why, only to say so.
        var status = await db.Payments.Where(p => p.OrderId == orderId).Select(p => (PaymentStatus?)p.Status)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        switch (status)
        {
            case PaymentStatus.Settled:
                LogAlreadySettled(logger, orderId);
                break;
            case null:
                LogNoPayment(logger, orderId);
                break;
            default:
                LogNotCaptured(logger, orderId, status.Value);
                break;
        }
    }

    [LoggerMessage(EventId = PaymentsEventIds.PaymentSettled, Level = LogLevel.Debug, Message = "Payment of order {OrderId} settled: the order is confirmed")]
    private static partial void LogSettled(ILogger logger, string orderId);

    [LoggerMessage(EventId = PaymentsEventIds.PaymentAlreadySettled, Level = LogLevel.Debug, Message = "Payment of order {OrderId} is settled already; nothing to do")]
    private static partial void LogAlreadySettled(ILogger logger, string orderId);

    [LoggerMessage(EventId = PaymentsEventIds.SettledWithoutPayment, Level = LogLevel.Debug, Message = "Order {OrderId} is confirmed without a payment (nothing to pay); nothing to settle")]
    private static partial void LogNoPayment(ILogger logger, string orderId);

    [LoggerMessage(EventId = PaymentsEventIds.PaymentNotCaptured, Level = LogLevel.Warning, Message = "Order {OrderId} is confirmed but its payment is {Status}, not a capture; left as it is")]
    private static partial void LogNotCaptured(ILogger logger, string orderId, PaymentStatus status);
}
