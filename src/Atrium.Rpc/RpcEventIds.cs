namespace Atrium.Rpc;

/// <summary>Event ids of Atrium.Rpc's log messages (the 2100 range), kept in one place so they stay unique.</summary>
internal static class RpcEventIds
{
    public const int HandlerFailed = 2101;
    public const int Reflection = 2102;
    public const int CallUnauthenticated = 2103;
    public const int CallDenied = 2104;
    public const int ServiceTokenFailed = 2105;
    public const int ServiceTokens = 2106;
    public const int ServiceTokenKept = 2107;
}
