using Atrium.Chassis.Errors;
using Atrium.Payments.Domain;

namespace Atrium.Payments.Api;

/// <summary>Maps payments rule failures to the chassis error table.</summary>
internal static class PaymentsErrorMapping
{
    public static AtriumException ToAtrium(PaymentsDomainException exception) => new(
        exception.Error switch
        {
            // The caller retries: the account may not be opened yet.
            PaymentsErrors.AccountNotFound => ErrorCodes.NotFound,
            PaymentsErrors.ChargeAfterRefund or PaymentsErrors.ChargeMismatch => ErrorCodes.Conflict,
            // A code of its own: the saga stops on it and on nothing else.
            PaymentsErrors.PaymentSettled => ErrorCodes.PaymentSettled,
            PaymentsErrors.RefundNotCompensating => ErrorCodes.RefundNotCompensating,
            PaymentsErrors.InvalidAmount or PaymentsErrors.CurrencyMismatch or PaymentsErrors.SameAccount => ErrorCodes.ValidationFailed,
            _ => ErrorCodes.BusinessRuleViolated,
        },
        exception.Message,
        exception);
}
