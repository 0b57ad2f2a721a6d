namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// An upstream endpoint's <c>/metrics</c> as the orders view last read it: <c>read</c> (2xx, summed into the view),
/// <c>failed</c> (any other status, in <paramref name="HttpStatus"/>), <c>unreachable</c>, or <c>unknown</c> before the
/// first answer. <paramref name="Ignored"/> lines of the answer were not Prometheus text; <paramref name="Note"/> shows
/// the first.
/// </summary>
internal sealed record DashboardMetricsSource(string Endpoint, string Status, int? HttpStatus, int Ignored, string? Note);
