namespace Atrium.Ordering;

/// <summary>Event ids of ordering's log messages (7000–7999), kept in one place so they stay unique.</summary>
internal static class OrderingEventIds
{
    public const int OrderPlaced = 7001;
    public const int SagaCompensating = 7101;
    public const int SagaRetry = 7102;
    public const int SagaBatchFailed = 7103;
    public const int SagaHalted = 7104;
    public const int SagaRunFailed = 7201;
    public const int SagaRecoveryFailed = 7202;
    public const int ReadModelCaughtUp = 7301;
}
