using Spectre.Console;

namespace Atrium.Load;

/// <summary>One run: set up the target, drive it while showing progress, check the balances, then report.</summary>
internal static class LoadRun
{
    public static async Task RunAsync(LoadSettings settings, IAnsiConsole console, bool live, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, UseProxy = false })
        {
            BaseAddress = settings.Url,
            // Past the longest Prefer: wait the ordering service honours.
            Timeout = TimeSpan.FromSeconds(Math.Max(30, settings.PreferWait + 15)),
        };
        var stats = new LoadStats(time);
        var client = new LoadClient(http, stats, time);
        IReadOnlyList<Guid> products;
        IReadOnlyList<Customer> customers = [];
        try
        {
            products = await LoadSetup.ProductsAsync(client, settings, cancellationToken).ConfigureAwait(false);
            if (settings.NeedsCustomers)
            {
                console.WriteLine($"atrium load: registering {settings.Users} customers");
                customers = await LoadSetup.CustomersAsync(client, settings, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new LoadSetupException($"--url {settings.Url}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadSetupException($"--url {settings.Url}: no answer within {http.Timeout.TotalSeconds:F0}s while setting up");
        }

        using var probe = new ServerProbe(settings);
        var driver = new LoadDriver(settings, new ScenarioSteps(client, settings, customers, products), stats, time);
        var run = driver.RunAsync(probe, cancellationToken);
        await new LoadView(console, live, settings, stats, time).ShowWhileAsync(run).ConfigureAwait(false);
        await run.ConfigureAwait(false);
        await BalanceAudit.CheckAsync(client, customers, cancellationToken).ConfigureAwait(false);

        var snapshot = stats.Snapshot();
        console.Write(SummaryTable.Create(snapshot));
        foreach (var line in BenchLines.For(snapshot, probe.Usage))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        foreach (var failure in probe.Failures)
        {
            await error.WriteLineAsync($"atrium load: {failure}; the figures read from it are left out").ConfigureAwait(false);
        }

        if (settings.ReportPath is { } report)
        {
            await File.WriteAllTextAsync(report, JsonReport.Render(settings, snapshot, customers), cancellationToken).ConfigureAwait(false);
        }

        if (settings.HtmlPath is { } html)
        {
            await File.WriteAllTextAsync(html, HtmlReport.Render(settings, snapshot), cancellationToken).ConfigureAwait(false);
        }
    }
}
