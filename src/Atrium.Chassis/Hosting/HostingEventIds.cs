namespace Atrium.Chassis.Hosting;

/// <summary>Event ids of the hosting log messages (15xx), kept in one place so they stay unique.</summary>
internal static class HostingEventIds
{
    public const int Listening = 1501;
    public const int DataTightened = 1520;
    public const int DataNotTightened = 1521;
}
