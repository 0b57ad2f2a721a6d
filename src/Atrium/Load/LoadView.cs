using System.Globalization;
using Spectre.Console;

namespace Atrium.Load;

/// <summary>
/// What the run shows while it goes: on a terminal a live panel (Spectre.Console) redrawn twice a second, else a plain
/// line every few seconds; both with requests/s, errors by code, p50/p95/p99 and orders by outcome.
/// </summary>
internal sealed class LoadView(IAnsiConsole console, bool live, LoadSettings settings, LoadStats stats, TimeProvider time)
{
    public async Task ShowWhileAsync(Task run)
    {
        var started = time.GetTimestamp();
        var total = settings.Warmup + settings.Duration;
        if (live)
        {
            await console.Live(Render(stats.Snapshot(), 0)).StartAsync(async context =>
            {
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(500), time)).ConfigureAwait(false);
                    context.UpdateTarget(Render(stats.Snapshot(), Fraction(started, total)));
                }
            }).ConfigureAwait(false);
            return;
        }

        var every = TimeSpan.FromSeconds(Math.Max(1, Math.Round(total.TotalSeconds / 30)));
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(every, time)).ConfigureAwait(false);
            console.WriteLine(Line(stats.Snapshot(), time.GetElapsedTime(started)));
        }
    }

    public static string Line(LoadSnapshot s, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"t={elapsed.TotalSeconds:F0}s requests={s.Requests} req/s={s.RequestsPerSecond:F1} errors={s.Errors}{Codes(s)} p50_ms={s.Latency.P50:F1} p95_ms={s.Latency.P95:F1} p99_ms={s.Latency.P99:F1} orders placed={s.Orders.Placed} confirmed={s.Orders.Confirmed} cancelled={s.Orders.Cancelled}{Reasons(s)}");

    private static string Codes(LoadSnapshot s) => s.ErrorsByCode.Count == 0 ? "" : $" ({string.Join(", ", s.ErrorsByCode.Select(e => $"{e.Key}: {e.Value}"))})";

    private static string Reasons(LoadSnapshot s) => s.Orders.CancelledByReason.Count == 0 ? "" : $" ({string.Join(", ", s.Orders.CancelledByReason.Select(e => $"{e.Key}: {e.Value}"))})";

    private double Fraction(long started, TimeSpan total) => Math.Clamp(time.GetElapsedTime(started) / total, 0, 1);

    private Panel Render(LoadSnapshot s, double fraction)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("requests/s", s.RequestsPerSecond.ToString("F1", CultureInfo.InvariantCulture));
        grid.AddRow("requests", $"{s.Requests} ({s.Errors} failed)");
        foreach (var (code, count) in s.ErrorsByCode)
        {
            grid.AddRow($"  [red]{Markup.Escape(code)}[/]", count.ToString(CultureInfo.InvariantCulture));
        }

        grid.AddRow("latency p50 / p95 / p99", string.Create(CultureInfo.InvariantCulture, $"{s.Latency.P50:F1} / {s.Latency.P95:F1} / {s.Latency.P99:F1} ms"));
        grid.AddRow("orders placed", s.Orders.Placed.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("orders confirmed", $"[green]{s.Orders.Confirmed}[/]");
        grid.AddRow("orders cancelled", s.Orders.Cancelled.ToString(CultureInfo.InvariantCulture));
        foreach (var (reason, count) in s.Orders.CancelledByReason)
        {
            grid.AddRow($"  [yellow]{Markup.Escape(reason)}[/]", count.ToString(CultureInfo.InvariantCulture));
        }

        const int width = 40;
        var done = (int)Math.Round(fraction * width);
        var phase = stats.Measuring ? "measuring" : s.Elapsed == TimeSpan.Zero ? "warming up" : "finishing";
        var bar = new Markup($"[green]{new string('━', done)}[/][grey]{new string('━', width - done)}[/] {fraction:P0} {phase}");
        return new Panel(new Rows(grid, bar)).Header($"atrium load: {settings.Scenario.ToString().ToLowerInvariant()} against {Markup.Escape(settings.Url.ToString())}");
    }
}
