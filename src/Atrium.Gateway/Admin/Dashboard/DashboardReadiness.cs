namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>The gateway process's readiness (its <c>/readyz</c> checks) and each upstream endpoint's own <c>/readyz</c>.</summary>
internal sealed record DashboardReadiness(string Gateway, IReadOnlyList<DashboardCheck> Checks, IReadOnlyList<DashboardService> Services);
