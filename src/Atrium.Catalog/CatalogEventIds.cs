namespace Atrium.Catalog;

/// <summary>Event ids of the catalog's log messages (6000–6999), kept in one place so they stay unique.</summary>
internal static class CatalogEventIds
{
    public const int NullCompensation = 6001;
    public const int ReservationExpired = 6010;
    public const int ExpirySweepFailed = 6011;
    public const int ProductCreated = 6020;
    public const int StockSet = 6021;
}
