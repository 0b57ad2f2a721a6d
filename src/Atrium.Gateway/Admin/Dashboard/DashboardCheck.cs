namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>One readiness check of the gateway process.</summary>
internal sealed record DashboardCheck(string Name, string Status, string? Description);
