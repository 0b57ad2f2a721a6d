namespace Atrium.Load;

/// <summary>A validated <c>atrium load</c> command line (docs/load.md lists each option).</summary>
/// <param name="Url">The gateway to load.</param>
/// <param name="Scenario">What each iteration does.</param>
/// <param name="Rate">Iterations started per second (open loop), or null for a closed loop.</param>
/// <param name="Concurrency">Clients each running one iteration after another (closed loop); ignored with a rate.</param>
/// <param name="Duration">The measured window.</param>
/// <param name="Warmup">Run before measuring.</param>
/// <param name="Users">Customers registered for the run.</param>
/// <param name="Products">Products the orders are spread over.</param>
/// <param name="PreferWait">Seconds asked of the ordering service per look at a pending order (<c>Prefer: wait</c>); 0 polls.</param>
/// <param name="Poll">Pause between two looks at a pending order when polling.</param>
/// <param name="OrderTimeout">How long an order is followed before it counts as unsettled.</param>
/// <param name="ReportPath">The JSON report's file, if any.</param>
/// <param name="HtmlPath">The HTML report's file, if any.</param>
/// <param name="ServerPids">The server's processes, whose CPU the run reports.</param>
/// <param name="ServerMetrics">The server's /metrics endpoints, read at the window's start and end.</param>
/// <param name="AdminPassword">The bootstrap administrator's password, to create the products; null uses the catalog's.</param>
internal sealed record LoadSettings(
    Uri Url,
    LoadScenario Scenario,
    double? Rate,
    int Concurrency,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Users,
    int Products,
    int PreferWait,
    TimeSpan Poll,
    TimeSpan OrderTimeout,
    string? ReportPath,
    string? HtmlPath,
    IReadOnlyList<int> ServerPids,
    IReadOnlyList<Uri> ServerMetrics,
    string? AdminPassword)
{
    /// <summary>Whether iterations are started on a schedule rather than by clients waiting for their previous one.</summary>
    public bool OpenLoop => Rate is not null;

    /// <summary>Whether the scenario needs signed-in customers and products to order.</summary>
    public bool NeedsCustomers => Scenario != LoadScenario.Browse;
}
