namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>Saga branch calls of one step with one outcome.</summary>
internal sealed record DashboardStepCount(string Step, string Outcome, long Calls);
