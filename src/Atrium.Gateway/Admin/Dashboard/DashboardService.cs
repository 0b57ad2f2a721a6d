namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// An upstream endpoint's readiness as its <c>/readyz</c> answered: <c>ready</c> (2xx), <c>unready</c> (any other
/// status, in <paramref name="HttpStatus"/>), <c>unreachable</c>, or <c>unknown</c> before the first answer.
/// </summary>
internal sealed record DashboardService(string Cluster, string Endpoint, string Status, int? HttpStatus);
