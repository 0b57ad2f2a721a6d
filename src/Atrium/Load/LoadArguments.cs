using System.Globalization;
using Atrium.Chassis.Configuration;

namespace Atrium.Load;

/// <summary>
/// Reads <c>atrium load</c>'s options from their text, so that every bad value is refused with the option's name and
/// exit code 2 rather than a parser's generic message.
/// </summary>
internal sealed class LoadArguments
{
    private readonly List<string> _errors = [];

    /// <summary>Every problem found, each naming its option.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Validates the raw option values; null when <see cref="Errors"/> has anything.</summary>
    public LoadSettings? Parse(IReadOnlyDictionary<string, string?> values, string? adminPassword)
    {
        var url = Url(values.GetValueOrDefault("--url"));
        var scenario = Scenario(values.GetValueOrDefault("--scenario") ?? "mix");
        double? rate = values.GetValueOrDefault("--rate") is { } rateText ? Positive("--rate", rateText) : null;
        var concurrencyText = values.GetValueOrDefault("--concurrency");
        if (rate is not null && concurrencyText is not null)
        {
            _errors.Add("--rate and --concurrency: give one (--rate N starts N iterations a second, --concurrency N keeps N clients busy).");
        }

        var concurrency = Count("--concurrency", concurrencyText ?? "10", 1);
        var duration = Duration("--duration", values.GetValueOrDefault("--duration") ?? "30s", allowZero: false);
        var warmup = Duration("--warmup", values.GetValueOrDefault("--warmup") ?? "0s", allowZero: true);
        var users = Count("--users", values.GetValueOrDefault("--users") ?? "10", 1);
        var products = Count("--products", values.GetValueOrDefault("--products") ?? "10", 1);
        var wait = Count("--wait", values.GetValueOrDefault("--wait") ?? "10", 0);
        var poll = Duration("--poll", values.GetValueOrDefault("--poll") ?? "10ms", allowZero: true);
        var orderTimeout = Duration("--order-timeout", values.GetValueOrDefault("--order-timeout") ?? "60s", allowZero: false);
        var report = Path("--report", values.GetValueOrDefault("--report"));
        var html = Path("--html", values.GetValueOrDefault("--html"));
        var pids = List("--server-pid", values.GetValueOrDefault("--server-pid"), text =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : (int?)null);
        var metrics = List("--server-metrics", values.GetValueOrDefault("--server-metrics"), text =>
            Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null);
        return _errors.Count > 0 ? null : new LoadSettings(url!, scenario, rate, concurrency, duration, warmup, users, products, wait, poll,
            orderTimeout, report, html, [.. pids.Select(p => p!.Value)], [.. metrics.Select(m => m!)], adminPassword);
    }

    private Uri? Url(string? text)
    {
        if (text is null)
        {
            _errors.Add("--url: required, the Atrium gateway to load (e.g. --url http://localhost:8080).");
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            _errors.Add($"--url: '{text}' is not an http:// or https:// URL.");
            return null;
        }

        return url;
    }

    private LoadScenario Scenario(string text)
    {
        if (Enum.TryParse<LoadScenario>(text, ignoreCase: true, out var scenario) && !char.IsAsciiDigit(text[0]))
        {
            return scenario;
        }

        _errors.Add($"--scenario: '{text}' is not one of browse, shop, mix, order.");
        return default;
    }

    private double Positive(string option, string text)
    {
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }

        _errors.Add($"{option}: '{text}' is not a positive number (per second).");
        return 0;
    }

    private int Count(string option, string text, int minimum)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        _errors.Add($"{option}: '{text}' is not a whole number of at least {minimum}.");
        return minimum;
    }

    private TimeSpan Duration(string option, string text, bool allowZero)
    {
        // A bare number is seconds, as k6 and Locust take it.
        var parsed = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : DurationParser.TryParse(text, out var value) ? value : (TimeSpan?)null;
        if (parsed is { } duration && (allowZero || duration > TimeSpan.Zero))
        {
            return duration;
        }

        _errors.Add($"{option}: '{text}' is not a duration{(allowZero ? "" : " above zero")} (500ms, 30s, 5m, or seconds).");
        return TimeSpan.Zero;
    }

    private string? Path(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(text));
        if (text.Length == 0 || (directory is not null && !Directory.Exists(directory)))
        {
            _errors.Add($"{option}: cannot write '{text}': its directory does not exist.");
        }

        return text;
    }

    private List<T?> List<T>(string option, string? text, Func<string, T?> parse)
    {
        var items = new List<T?>();
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var value = parse(item);
            if (value is null)
            {
                _errors.Add($"{option}: '{item}' is not valid.");
            }

            items.Add(value);
        }

        return items;
    }
}
