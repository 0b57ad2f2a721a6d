using System.CommandLine;
using Spectre.Console;

namespace Atrium.Load;

/// <summary>
/// <c>atrium load</c>: drives any Atrium URL with the browse, shop, mix or order scenario, open or closed loop, shows
/// the run live and ends with a summary table, the key=value lines scripts grep, and optional JSON and HTML reports
/// (docs/load.md). Exit 0 when it ran, 1 when the target could not be set up, 2 for bad arguments.
/// </summary>
internal static class LoadCommand
{
    public const int ExitSetupFailed = 1;
    public const int ExitUsage = 2;

    private static readonly (string Name, string Description)[] Options =
    [
        ("--url", "The Atrium gateway to load, e.g. http://localhost:8080 (required)."),
        ("--scenario", "browse, shop, mix (default) or order."),
        ("--rate", "Open loop: iterations started per second, on schedule whatever the answers take."),
        ("--concurrency", "Closed loop: clients each running one iteration after another (default 10)."),
        ("--duration", "How long to measure, after the warm-up (default 30s)."),
        ("--warmup", "How long to run before measuring (default 0s)."),
        ("--users", "Customers to register and spread the iterations over (default 10)."),
        ("--products", "Products to spread the orders over (default 10): created when ATRIUM_ADMIN_PASSWORD is set, else the catalog's first in stock."),
        ("--wait", "Seconds each look at a pending order asks the service to wait (Prefer: wait=N); 0 polls (default 10)."),
        ("--poll", "Pause between two looks at a pending order when polling (default 10ms)."),
        ("--order-timeout", "How long to follow an order before counting it unsettled (default 60s)."),
        ("--report", "Write the JSON report to this file."),
        ("--html", "Write the HTML report (latency over time as an inline SVG chart) to this file."),
        ("--server-pid", "Comma list of the server's process ids: their CPU per confirmed order (same machine)."),
        ("--server-metrics", "Comma list of the server's /metrics URLs: GC pause share, event delivery and outbox publish times."),
    ];

    /// <param name="environment">The process environment: <c>ATRIUM_ADMIN_PASSWORD</c>.</param>
    public static Command Create(IReadOnlyDictionary<string, string?> environment)
    {
        var command = new Command("load", "Load an Atrium URL with a scenario and report throughput, latency and orders (docs/load.md).");
        var options = Options.Select(o => new Option<string?>(o.Name) { Description = o.Description }).ToList();
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var arguments = new LoadArguments();
            var values = options.Where(o => parseResult.GetResult(o) is not null).ToDictionary(o => o.Name, o => parseResult.GetValue(o), StringComparer.Ordinal);
            var settings = arguments.Parse(values, environment.GetValueOrDefault("ATRIUM_ADMIN_PASSWORD") is { Length: > 0 } password ? password : null);
            var error = parseResult.InvocationConfiguration.Error;
            if (settings is null)
            {
                foreach (var message in arguments.Errors)
                {
                    await error.WriteLineAsync($"atrium load: {message}").ConfigureAwait(false);
                }

                return ExitUsage;
            }

            var output = parseResult.InvocationConfiguration.Output;
            var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
                Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            });
            try
            {
                await LoadRun.RunAsync(settings, console, terminal, output, error, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (LoadSetupException ex)
            {
                await error.WriteLineAsync($"atrium load: {ex.Message}").ConfigureAwait(false);
                return ExitSetupFailed;
            }
        });
        return command;
    }
}
