namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>A count by name.</summary>
internal sealed record DashboardCount(string Name, long Count);
