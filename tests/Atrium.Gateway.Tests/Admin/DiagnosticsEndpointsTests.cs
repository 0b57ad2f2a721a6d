using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.Diagnostics.Runtime;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Atrium.Gateway.Tests.Admin;

/// <summary>
/// The process's diagnostics on the admin listener (docs/diagnostics.md): a CPU trace read back with TraceEvent, a heap
/// dump read back with ClrMD, the runtime counter stream, and the admin token and query checks in front of them.
/// Traces and dumps are one at a time per process, and the tests of one class run one after another.
/// </summary>
public sealed class DiagnosticsEndpointsTests : IAsyncLifetime
{
    private GatewayHost? _gateway;

    public static TheoryData<string> Paths => new()
    {
        "/admin/diagnostics/trace?seconds=1",
        "/admin/diagnostics/gcdump",
        "/admin/diagnostics/counters",
    };

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(
        """
        routes:
          - { id: api, match: { path: "/api/{**rest}" }, cluster: echo }
        clusters:
          echo: { endpoints: ["http://127.0.0.1:9"] }
        """);

    public async Task DisposeAsync() => await _gateway!.DisposeAsync();

    [Fact]
    public async Task Trace_TwoSeconds_IsNettraceNamingGatewayMethods()
    {
        using var admin = _gateway!.AdminClient();
        var path = Path.Combine(Path.GetTempPath(), $"atrium-diagnostics-test-{Guid.NewGuid():N}.nettrace");
        try
        {
            using (var response = await admin.GetAsync("/admin/diagnostics/trace?seconds=2", HttpCompletionOption.ResponseHeadersRead))
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldEndWith(".nettrace");
                await using var file = File.Create(path);
                await response.Content.CopyToAsync(file);
            }

            var (samples, methods) = ReadTrace(path);

            samples.ShouldBeGreaterThan(0, "the sample profiler's stacks");
            // The guard that let this very request in ran, so the runtime's method rundown names it.
            methods.ShouldContain("Atrium.Gateway.Admin.AdminGuard.InvokeAsync");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("five")]
    [InlineData("")]
    public async Task Trace_SecondsOutOfRange_Returns400ValidationFailed(string seconds)
    {
        using var admin = _gateway!.AdminClient();

        using var response = await admin.GetAsync($"/admin/diagnostics/trace?seconds={Uri.EscapeDataString(seconds)}");

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task TraceOrDump_WhileATraceRuns_Returns409Conflict()
    {
        using var admin = _gateway!.AdminClient();
        // Headers arrive once the session has started, so the first trace holds the process's gate from here on; a
        // minute, so that it cannot end on its own before the second requests arrive, however busy the machine.
        var first = await admin.GetAsync("/admin/diagnostics/trace?seconds=60", HttpCompletionOption.ResponseHeadersRead);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var trace = await admin.GetAsync("/admin/diagnostics/trace?seconds=1");
        using var dump = await admin.GetAsync("/admin/diagnostics/gcdump");

        await ProblemAssert.ShouldBeProblemAsync(trace, HttpStatusCode.Conflict, "CONFLICT");
        await ProblemAssert.ShouldBeProblemAsync(dump, HttpStatusCode.Conflict, "CONFLICT");
        // Leaving mid-trace stops the session and frees the gate for the next caller.
        first.Dispose();
        await Eventually.UntilAsync(
            async () =>
            {
                using var next = await admin.GetAsync("/admin/diagnostics/trace?seconds=1");
                return next.StatusCode == HttpStatusCode.OK;
            },
            "a trace to be let through once the abandoned one has stopped");
    }

    [Fact]
    public async Task GcDump_Get_HeapHoldsGatewayTypes()
    {
        using var admin = _gateway!.AdminClient();
        admin.Timeout = TimeSpan.FromMinutes(5);
        var path = Path.Combine(Path.GetTempPath(), $"atrium-diagnostics-test-{Guid.NewGuid():N}.dmp");
        try
        {
            using (var response = await admin.GetAsync("/admin/diagnostics/gcdump", HttpCompletionOption.ResponseHeadersRead))
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                await using var file = File.Create(path);
                await response.Content.CopyToAsync(file);
            }

            var types = HeapTypes(path, "Atrium.Gateway.Runtime.GatewayRuntime", "Atrium.Gateway.Admin.AdminGuard");

            types.ShouldBe(["Atrium.Gateway.Admin.AdminGuard", "Atrium.Gateway.Runtime.GatewayRuntime"], ignoreOrder: true);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Counters_Stream_YieldsGcThreadPoolContentionAndExceptionValues()
    {
        string[] wanted = ["gc-heap-size", "gen-0-gc-count", "threadpool-thread-count", "threadpool-queue-length", "monitor-lock-contention-count", "exception-count"];
        using var admin = _gateway!.AdminClient();
        using var response = await admin.GetAsync("/admin/diagnostics/counters?interval=1", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (!wanted.All(values.ContainsKey) && await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var counter = JsonDocument.Parse(line["data: ".Length..]);
                values[counter.RootElement.GetProperty("name").GetString()!] = counter.RootElement.Clone();
            }
        }

        wanted.ShouldBeSubsetOf(values.Keys);
        values["gc-heap-size"].GetProperty("value").GetDouble().ShouldBeGreaterThan(0);
        values["gc-heap-size"].GetProperty("kind").GetString().ShouldBe("gauge");
        values["threadpool-thread-count"].GetProperty("value").GetDouble().ShouldBeGreaterThan(0);
        values["exception-count"].GetProperty("kind").GetString().ShouldBe("rate");
    }

    [Fact]
    public async Task Counters_SecondsGiven_StreamEnds()
    {
        using var admin = _gateway!.AdminClient();

        var body = await admin.GetStringAsync("/admin/diagnostics/counters?interval=1&seconds=1");

        body.ShouldStartWith(": runtime counters of process");
    }

    [Theory]
    [InlineData("interval=0")]
    [InlineData("interval=61")]
    [InlineData("seconds=0")]
    [InlineData("seconds=x")]
    public async Task Counters_BadQuery_Returns400ValidationFailed(string query)
    {
        using var admin = _gateway!.AdminClient();

        using var response = await admin.GetAsync($"/admin/diagnostics/counters?{query}");

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Diagnostics_NoToken_Returns401AuthFailed(string path)
    {
        using var admin = _gateway!.AnonymousAdminClient();

        using var response = await admin.GetAsync(path);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Diagnostics_WrongToken_Returns401AuthFailed(string path)
    {
        using var admin = _gateway!.AnonymousAdminClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.AdminToken + "x");

        using var response = await admin.GetAsync(path);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    private static (int Samples, HashSet<string> Methods) ReadTrace(string path)
    {
        var samples = 0;
        var methods = new HashSet<string>(StringComparer.Ordinal);
        using var source = new EventPipeEventSource(path);
        source.Dynamic.All += e =>
        {
            if (e.ProviderName == "Microsoft-DotNETCore-SampleProfiler")
            {
                samples++;
            }
        };
        var rundown = new ClrRundownTraceEventParser(source);
        rundown.MethodDCStopVerbose += e => methods.Add(e.MethodNamespace + "." + e.MethodName);
        source.Clr.MethodLoadVerbose += e => methods.Add(e.MethodNamespace + "." + e.MethodName);
        source.Process().ShouldBeTrue("the file is a whole nettrace");
        return (samples, methods);
    }

    private static HashSet<string> HeapTypes(string dump, params string[] wanted)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        using var target = DataTarget.LoadDump(dump);
        // The dump is of this very process, so the runtime's own DAC matches it; ClrMD cannot read the version from a
        // Linux heap dump's module list and would refuse it otherwise.
        var dac = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libmscordaccore.so");
        using var runtime = target.ClrVersions.Single().CreateRuntime(dac, ignoreMismatch: true);
        foreach (var item in runtime.Heap.EnumerateObjects())
        {
            if (item.Type?.Name is { } name && wanted.Contains(name, StringComparer.Ordinal) && found.Add(name) && found.Count == wanted.Length)
            {
                break;
            }
        }

        return found;
    }
}
