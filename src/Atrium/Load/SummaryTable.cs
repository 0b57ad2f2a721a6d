using System.Globalization;
using Spectre.Console;

namespace Atrium.Load;

/// <summary>The table printed when the run ends: requests, latency by request kind, failures, orders, balances.</summary>
internal static class SummaryTable
{
    public static Table Create(LoadSnapshot s)
    {
        var table = new Table().AddColumns("", "count", "failed", "p50 ms", "p95 ms", "p99 ms", "max ms");
        table.AddRow(Row("all requests", s.Requests, s.Errors, s.Latency));
        foreach (var kind in s.ByName)
        {
            table.AddRow(Row(kind.Name, kind.Count, kind.Errors, kind.Latency));
        }

        table.AddRow(Row("place to confirmed", s.Orders.Confirmed, 0, s.Orders.PlaceToConfirmed));
        table.AddEmptyRow();
        table.AddRow(Text("requests/s", s.RequestsPerSecond.ToString("F1", CultureInfo.InvariantCulture)));
        foreach (var (code, count) in s.ErrorsByCode.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            table.AddRow(Text($"failed: {code}", count));
        }

        table.AddRow(Text("orders placed", s.Orders.Placed));
        table.AddRow(Text("orders confirmed", s.Orders.Confirmed));
        table.AddRow(Text("orders cancelled", s.Orders.Cancelled));
        foreach (var (reason, count) in s.Orders.CancelledByReason.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            table.AddRow(Text($"  {reason}", count));
        }

        table.AddRow(Text("orders unsettled", s.Orders.Unsettled));
        table.AddRow(Text("balances checked / mismatched", $"{s.Balances.Checked} / {s.Balances.Mismatched}"));
        return table;
    }

    private static string[] Row(string name, long count, long failed, LatencyPercentiles p) =>
        [Markup.Escape(name), count.ToString(CultureInfo.InvariantCulture), failed.ToString(CultureInfo.InvariantCulture), Ms(p.P50), Ms(p.P95), Ms(p.P99), Ms(p.Max)];

    private static string[] Text(string name, object value) =>
        [Markup.Escape(name), Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""), "", "", "", "", ""];

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("F1", CultureInfo.InvariantCulture);
}
