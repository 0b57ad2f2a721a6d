namespace Atrium.Chassis.Modularity;

/// <summary>Event ids of the module lifecycle log messages (14xx), kept in one place so they stay unique.</summary>
internal static class ModularityEventIds
{
    public const int Starting = 1401;
    public const int Started = 1402;
    public const int StartFailed = 1403;
    public const int Stopping = 1404;
    public const int Stopped = 1405;
    public const int StopFailed = 1406;
}
