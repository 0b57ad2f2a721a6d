namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>A route in precedence order: what it matches, where it goes, the policies it applies and its live traffic.</summary>
internal sealed record DashboardRoute(string Id, string Match, string Cluster, IReadOnlyList<string> Policies, RouteTrafficView? Traffic);
