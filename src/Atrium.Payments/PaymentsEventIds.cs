namespace Atrium.Payments;

/// <summary>
/// Event ids of payments' log messages (8000–8999), kept in one place so they stay unique. They were 7001–7023,
/// inside ordering's range (7001 was also ordering's order placed); each kept its last three digits.
/// </summary>
internal static class PaymentsEventIds
{
    public const int AccountOpened = 8001;
    public const int AccountAlreadyOpen = 8002;
    public const int ChargeDeclined = 8010;
    public const int NullCompensation = 8011;
    public const int RefundWaits = 8012;
    public const int PaymentSettled = 8020;
    public const int PaymentAlreadySettled = 8021;
    public const int SettledWithoutPayment = 8022;
    public const int PaymentNotCaptured = 8023;
}
