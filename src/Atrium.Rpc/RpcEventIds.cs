namespace Atrium.Rpc;

/// <summary>Event ids of the gRPC log messages (the 2100 range), kept in one place so they stay unique.</summary>
internal static class RpcEventIds
{
    public const int HandlerFailed = 2101;
    public const int DeadlineExceeded = 2102;
    public const int Unimplemented = 2103;
    public const int UnsupportedEncoding = 2104;
    public const int HealthCheckFailed = 2105;
}
