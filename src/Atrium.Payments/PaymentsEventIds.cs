namespace Atrium.Payments;

/// <summary>
/// Event ids of payments' log messages (in ordering's 7000 range for now), kept in one place so they stay unique.
/// </summary>
internal static class PaymentsEventIds
{
    public const int AccountOpened = 7001;
    public const int AccountAlreadyOpen = 7002;
    public const int ChargeDeclined = 7010;
    public const int NullCompensation = 7011;
    public const int RefundWaits = 7012;
    public const int PaymentSettled = 7020;
    public const int PaymentAlreadySettled = 7021;
    public const int SettledWithoutPayment = 7022;
    public const int PaymentNotCaptured = 7023;
}
