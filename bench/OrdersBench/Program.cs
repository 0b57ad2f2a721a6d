// Order benchmark for bench/orders.sh: against a running atrium (--target=all), registers USERS customers, creates a
// product with ample stock as the admin, then runs CONCURRENCY closed-loop clients for SECONDS: each places an order
// through the gateway and polls it until it is Confirmed, then places the next. Prints one line: confirmed orders/s
// and the p50/p99 of place-to-confirmed (202 sent → Confirmed seen), plus any other outcomes.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

if (args is not [var gateway, var secondsText, var concurrencyText, var usersText, var adminPassword])
{
    Console.Error.WriteLine("usage: OrdersBench GATEWAY_URL SECONDS CONCURRENCY USERS ADMIN_PASSWORD");
    return 2;
}

var seconds = int.Parse(secondsText, CultureInfo.InvariantCulture);
// How long a client waits between two looks at its pending order.
var pollDelay = TimeSpan.FromMilliseconds(int.Parse(Environment.GetEnvironmentVariable("ORDERS_POLL_MS") ?? "10", CultureInfo.InvariantCulture));
// ORDERS_WAIT_S > 0: each look asks the service to wait up to that long for the order to finish (Prefer: wait=N),
// so a client needs about one GET per order instead of polling; 0 polls plainly.
var preferWait = int.Parse(Environment.GetEnvironmentVariable("ORDERS_WAIT_S") ?? "0", CultureInfo.InvariantCulture);
var concurrency = int.Parse(concurrencyText, CultureInfo.InvariantCulture);
var userCount = int.Parse(usersText, CultureInfo.InvariantCulture);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, UseProxy = false }) { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) };

async Task<string> TokenAsync(string email, string password)
{
    using var response = await http.PostAsJsonAsync("/api/identity/token", new { email, password });
    response.EnsureSuccessStatusCode();
    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
}

HttpRequestMessage Request(HttpMethod method, string path, string token, object? body = null)
{
    var request = new HttpRequestMessage(method, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    if (body is not null)
    {
        request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
    }

    return request;
}

var admin = await TokenAsync("admin@atrium.local", adminPassword);
// ORDERS_PRODUCTS (default 1): how many products the clients spread their orders over; 1 is a flash sale, every
// reservation on one stock row.
var products = new Guid[int.Parse(Environment.GetEnvironmentVariable("ORDERS_PRODUCTS") ?? "1", CultureInfo.InvariantCulture)];
for (var i = 0; i < products.Length; i++)
{
    using var created = await http.SendAsync(Request(HttpMethod.Post, "/api/catalog/products", admin,
        new { sku = $"BENCH-{Guid.NewGuid():N}"[..30], name = "Bench widget", description = "benchmark", price = new { amount = 1, currency = "USD" }, stock = 10_000_000 }));
    created.EnsureSuccessStatusCode();
    products[i] = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
}

var tokens = new string[userCount];
await Parallel.ForAsync(0, userCount, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, cancellationToken) =>
{
    var email = $"bench-{i}-{Guid.NewGuid():N}@example.com";
    using var registered = await http.PostAsJsonAsync("/api/identity/users", new { email, password = "bench password" }, cancellationToken);
    registered.EnsureSuccessStatusCode();
    tokens[i] = await TokenAsync(email, "bench password");
});

// Accounts open when payments sees UserRegistered; wait for every one.
foreach (var token in tokens)
{
    while (true)
    {
        using var account = await http.SendAsync(Request(HttpMethod.Get, "/api/payments/account", token));
        if (account.StatusCode == HttpStatusCode.OK)
        {
            break;
        }

        await Task.Delay(50);
    }
}

var latencies = new ConcurrentBag<double>();
var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var measuring = false;
long polls = 0;
var stopwatch = new Stopwatch();
using var stop = new CancellationTokenSource();

async Task ClientAsync(int index)
{
    var token = tokens[index % tokens.Length];
    while (!stop.IsCancellationRequested)
    {
        var started = Stopwatch.GetTimestamp();
        using var place = Request(HttpMethod.Post, "/api/orders", token, new { items = new[] { new { productId = products[index % products.Length], quantity = 1 } } });
        place.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var placed = await http.SendAsync(place);
        if (placed.StatusCode != HttpStatusCode.Accepted)
        {
            outcomes.AddOrUpdate($"POST {(int)placed.StatusCode}", 1, (_, n) => n + 1);
            continue;
        }

        var id = JsonNode.Parse(await placed.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        string status;
        while (true)
        {
            using var look = Request(HttpMethod.Get, $"/api/orders/{id}", token);
            if (preferWait > 0)
            {
                look.Headers.Add("Prefer", $"wait={preferWait}");
            }

            using var get = await http.SendAsync(look);
            status = get.IsSuccessStatusCode ? JsonNode.Parse(await get.Content.ReadAsStringAsync())!["status"]!.GetValue<string>() : $"GET {(int)get.StatusCode}";
            if (status != "Pending")
            {
                break;
            }

            await Task.Delay(pollDelay);
            Interlocked.Increment(ref polls);
        }

        if (Volatile.Read(ref measuring))
        {
            outcomes.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status == "Confirmed")
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }
}

var clients = Enumerable.Range(0, concurrency).Select(ClientAsync).ToList();
// Warm-up, not measured: under this load the JIT is still moving hot methods to tier 1 after 45 s (docs/benchmarks.md).
await Task.Delay(TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("ORDERS_WARMUP_S") ?? "60", CultureInfo.InvariantCulture)));
Volatile.Write(ref measuring, true);
stopwatch.Start();
var (atriumCpuStart, benchCpuStart, gcPauseStart) = (AtriumCpu(), Process.GetCurrentProcess().TotalProcessorTime, await GcPauseAsync(http));
var (deliveryStart, relayStart) = (await LagAsync(http, "atrium_eventing_delivery_lag_seconds"), await LagAsync(http, "atrium_outbox_relay_lag_seconds"));
await Task.Delay(TimeSpan.FromSeconds(seconds));
Volatile.Write(ref measuring, false);
stopwatch.Stop();
var (atriumCpu, benchCpu) = (AtriumCpu() - atriumCpuStart, Process.GetCurrentProcess().TotalProcessorTime - benchCpuStart);
var gcPause = await GcPauseAsync(http) - gcPauseStart;
var delivery = Subtract(await LagAsync(http, "atrium_eventing_delivery_lag_seconds"), deliveryStart);
var relay = Subtract(await LagAsync(http, "atrium_outbox_relay_lag_seconds"), relayStart);
await stop.CancelAsync();
await Task.WhenAll(clients);

var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"confirmed/s={sorted.Length / stopwatch.Elapsed.TotalSeconds:F1} p50_ms={Percentile(0.50):F1} p99_ms={Percentile(0.99):F1} confirmed={sorted.Length} polls_per_order={Interlocked.Read(ref polls) / Math.Max(1.0, sorted.Length + outcomes.Values.Sum()):F1} outcomes={string.Join(',', outcomes.Select(o => $"{o.Key}:{o.Value}"))}"));
// CPU per confirmed order is steadier than orders/s on a shared machine: it does not fall when a neighbour takes a core.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"cpu_ms_per_order atrium={atriumCpu.TotalMilliseconds / Math.Max(1, sorted.Length):F2} bench={benchCpu.TotalMilliseconds / Math.Max(1, sorted.Length):F2} atrium_cores={atriumCpu.TotalSeconds / stopwatch.Elapsed.TotalSeconds:F2} gc_pause_share={gcPause / stopwatch.Elapsed.TotalSeconds:P1}"));
if (delivery.Count > 0)
{
    // Outbox commit to each subscription's inbox commit, from atrium.eventing.delivery_lag over the measured window.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"event_delivery_ms p50={BucketPercentile(delivery, 0.50) * 1000:F1} p99={BucketPercentile(delivery, 0.99) * 1000:F1} deliveries={delivery[double.PositiveInfinity]:F0} per_order={delivery[double.PositiveInfinity] / Math.Max(1, sorted.Length):F1}"));
}

if (relay.Count > 0)
{
    // Outbox commit to the broker's confirm (or, in one process, every subscription's acknowledgement), from atrium.outbox.relay_lag.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"outbox_publish_ms p50={BucketPercentile(relay, 0.50) * 1000:F1} p99={BucketPercentile(relay, 0.99) * 1000:F1} published={relay[double.PositiveInfinity]:F0}"));
}

return 0;

// The cumulative buckets (upper bound → count) of the histogram named metric summed over every endpoint of
// ATRIUM_METRICS_URL and every series; empty when unset.
static async Task<SortedDictionary<double, double>> LagAsync(HttpClient http, string metric)
{
    var buckets = new SortedDictionary<double, double>();
    foreach (var url in MetricsUrls())
    {
        foreach (var line in (await http.GetStringAsync(new Uri(url))).Split('\n'))
        {
            if (!line.StartsWith(metric + "_bucket{", StringComparison.Ordinal))
            {
                continue;
            }

            var le = line.IndexOf("le=\"", StringComparison.Ordinal) + 4;
            var text = line[le..line.IndexOf('"', le)];
            var bound = text == "+Inf" ? double.PositiveInfinity : double.Parse(text, CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
    }

    return buckets;
}

static SortedDictionary<double, double> Subtract(SortedDictionary<double, double> end, SortedDictionary<double, double> start) =>
    new(end.ToDictionary(b => b.Key, b => b.Value - start.GetValueOrDefault(b.Key)));

// Linear within the bucket that holds the rank, as Prometheus' histogram_quantile does.
static double BucketPercentile(SortedDictionary<double, double> cumulative, double p)
{
    var rank = p * cumulative[double.PositiveInfinity];
    var (lower, below) = (0.0, 0.0);
    foreach (var (bound, count) in cumulative)
    {
        if (count >= rank)
        {
            return double.IsPositiveInfinity(bound) ? lower : lower + ((bound - lower) * (rank - below) / Math.Max(1e-9, count - below));
        }

        (lower, below) = (bound, count);
    }

    return lower;
}

static string[] MetricsUrls() =>
    Environment.GetEnvironmentVariable("ATRIUM_METRICS_URL") is { Length: > 0 } urls ? urls.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

// Seconds atrium's managed threads have spent stopped for garbage collections, from the runtime meter on the metrics
// endpoints named by ATRIUM_METRICS_URL (comma-separated, summed); zero when unset. A blocking collection stops every managed thread, so its share
// of the wall clock is time in which the process does no work at all.
static async Task<double> GcPauseAsync(HttpClient http)
{
    var total = 0.0;
    foreach (var url in MetricsUrls())
    {
        var text = await http.GetStringAsync(new Uri(url));
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("dotnet_gc_pause_time_seconds_total ", StringComparison.Ordinal));
        total += line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    return total;
}

// utime + stime of the processes named by ATRIUM_PID (comma-separated, summed), from /proc (clock ticks of 10 ms on Linux); zero when unset.
static TimeSpan AtriumCpu()
{
    var ticks = 0L;
    foreach (var pid in (Environment.GetEnvironmentVariable("ATRIUM_PID") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    return TimeSpan.FromMilliseconds(ticks * 10);
}
