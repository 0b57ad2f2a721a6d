using System.Globalization;
using System.Net;
using System.Text;

namespace Atrium.Load;

/// <summary>
/// <c>--html FILE.html</c>: one self-contained page (no script, no external resource, so it opens offline) with the
/// run's figures and its p50/p95/p99 latency per second as an inline SVG chart, one path per percentile.
/// </summary>
internal static class HtmlReport
{
    private const int Width = 900;
    private const int Height = 320;
    private const int Margin = 50;

    private static readonly (string Name, string Color, Func<LatencyPercentiles, double> Value)[] Series =
    [
        ("p50", "#2a9d8f", p => p.P50),
        ("p95", "#e9c46a", p => p.P95),
        ("p99", "#e76f51", p => p.P99),
    ];

    public static string Render(LoadSettings settings, LoadSnapshot s)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>atrium load: {Encode(settings.Scenario.ToString().ToLowerInvariant())}</title>
            <style>body{"{"}font-family:sans-serif;margin:2em;color:#222{"}"} table{"{"}border-collapse:collapse{"}"} td,th{"{"}border:1px solid #ccc;padding:4px 8px;text-align:right{"}"} td:first-child{"{"}text-align:left{"}"}</style>
            </head><body>
            <h1>atrium load: {Encode(settings.Scenario.ToString().ToLowerInvariant())} against {Encode(settings.Url.ToString())}</h1>
            <p>{(settings.OpenLoop ? $"open loop, {settings.Rate} iterations/s" : $"closed loop, {settings.Concurrency} clients")}, {s.Elapsed.TotalSeconds:F1} s measured after {settings.Warmup.TotalSeconds:F0} s of warm-up.
            {s.Requests} requests ({s.RequestsPerSecond:F1}/s), {s.Errors} failed; orders placed {s.Orders.Placed}, confirmed {s.Orders.Confirmed}, cancelled {s.Orders.Cancelled}, unsettled {s.Orders.Unsettled}.</p>
            <h2>Latency over time (ms)</h2>
            """);
        html.Append(Chart(s.Timeline));
        html.Append("<h2>Requests</h2><table><tr><th>request</th><th>count</th><th>failed</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>");
        foreach (var kind in s.ByName.Prepend(new RequestKind("all requests", s.Requests, s.Errors, s.Latency)))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Encode(kind.Name)}</td><td>{kind.Count}</td><td>{kind.Errors}</td><td>{Ms(kind.Latency.P50)}</td><td>{Ms(kind.Latency.P95)}</td><td>{Ms(kind.Latency.P99)}</td><td>{Ms(kind.Latency.Max)}</td></tr>");
        }

        html.Append("</table><h2>Failures and cancellations</h2><table><tr><th>code or reason</th><th>count</th></tr>");
        foreach (var (code, count) in s.ErrorsByCode.Concat(s.Orders.CancelledByReason.Select(r => KeyValuePair.Create($"cancelled: {r.Key}", r.Value))))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(code)}</td><td>{count}</td></tr>");
        }

        html.Append("</table></body></html>\n");
        return html.ToString();
    }

    private static string Chart(IReadOnlyList<TimelinePoint> timeline)
    {
        var top = timeline.Select(p => p.Latency.P99).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        top = top <= 0 ? 1 : top * 1.1;
        var seconds = Math.Max(1, timeline.Count);
        double X(int second) => Margin + ((Width - (2 * Margin)) * (second - 1) / (double)Math.Max(1, seconds - 1));
        double Y(double ms) => Height - Margin - ((Height - (2 * Margin)) * ms / top);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"latency\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"latency percentiles per second\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#fff\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Margin}\" y1=\"{Height - Margin}\" x2=\"{Width - Margin}\" y2=\"{Height - Margin}\" stroke=\"#888\"/><line x1=\"{Margin}\" y1=\"{Margin}\" x2=\"{Margin}\" y2=\"{Height - Margin}\" stroke=\"#888\"/>");
        for (var tick = 0; tick <= 4; tick++)
        {
            var ms = top * tick / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin - 6}\" y=\"{Y(ms) + 4:F1}\" font-size=\"11\" text-anchor=\"end\">{ms:F0}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height - 12}\" font-size=\"12\" text-anchor=\"middle\">second of the measured window (1 to {seconds})</text>");
        for (var i = 0; i < Series.Length; i++)
        {
            var (name, color, value) = Series[i];
            var points = timeline.Where(p => p.Requests > 0).Select(p => $"{X(p.Second):F1},{Y(value(p.Latency)):F1}").ToList();
            var d = points.Count == 0 ? "" : "M" + string.Join(" L", points);
            // One point alone draws nothing as a line: a round cap makes it a dot.
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"series {name}\" d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-linecap=\"round\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Margin - 150 + (i * 50)}\" y=\"14\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{Width - Margin - 134 + (i * 50)}\" y=\"24\" font-size=\"12\">{name}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("F1", CultureInfo.InvariantCulture);
}
