namespace Atrium;

/// <summary>Event ids of the executable's log messages (1–999), kept in one place so they stay unique.</summary>
internal static class AtriumEventIds
{
    public const int Starting = 1;
    public const int Running = 2;
    public const int Stopping = 3;
    public const int Stopped = 4;
}
