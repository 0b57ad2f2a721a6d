using System.Diagnostics;
using System.Globalization;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Forwarding;

/// <summary>1 GiB each way through the gateway while the process's memory stays flat.</summary>
public sealed class StreamingTests : IAsyncLifetime
{
    private const long OneGiB = 1L << 30;
    private const long MaxGrowth = 200L * 1024 * 1024;
    private Upstream? _upstream;
    private GatewayHost? _gateway;
    // Set by the upstream once its handler has written the last byte, which may be after the client has read it.
    private readonly TaskCompletionSource<string> _downloadSha = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app =>
        {
            app.MapGet("/download", async context =>
            {
                context.Response.ContentLength = OneGiB;
                context.Response.ContentType = "application/octet-stream";
                _downloadSha.TrySetResult(await PatternStream.WriteAsync(context.Response.Body, OneGiB, context.RequestAborted));
            });
            app.MapPost("/upload", async context =>
            {
                var (count, sha) = await PatternStream.ReadAsync(context.Request.Body, context.RequestAborted);
                await context.Response.WriteAsync(FormattableString.Invariant($"{count} {sha}"));
            });
        });
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: big, match: { pathPrefix: / }, cluster: up, maxRequestBodySize: 0 }
            clusters:
            {{RouteYaml.Cluster("up", _upstream.Address)}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Forward_1GiBDownload_StreamsWithFlatMemory()
    {
        using var client = _gateway!.Client(TimeSpan.FromSeconds(60));
        using var memory = MemoryWatch.Start();

        using var response = await client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.ShouldBe(OneGiB);
        var (count, sha) = await PatternStream.ReadAsync(await response.Content.ReadAsStreamAsync());

        count.ShouldBe(OneGiB);
        sha.ShouldBe(await _downloadSha.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        memory.AssertGrowthBelow(MaxGrowth);
    }

    [Fact]
    public async Task Forward_1GiBUpload_StreamsWithFlatMemory()
    {
        using var client = _gateway!.Client(TimeSpan.FromSeconds(60));
        using var memory = MemoryWatch.Start();
        var content = new PatternContent(OneGiB);

        using var response = await client.PostAsync("/upload", content);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        text.ShouldBe(string.Create(CultureInfo.InvariantCulture, $"{OneGiB} {content.Sha256}"));
        memory.AssertGrowthBelow(MaxGrowth);
    }

    /// <summary>Samples managed heap and working set while a test runs, and compares the peaks with the start.</summary>
    private sealed class MemoryWatch : IDisposable
    {
        private readonly long _heapBefore;
        private readonly long _workingSetBefore;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampler;
        private long _heapPeak;
        private long _workingSetPeak;

        private MemoryWatch()
        {
            _heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            _workingSetBefore = WorkingSet();
            _sampler = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Sample();
                    await Task.Delay(20, CancellationToken.None);
                }
            });
        }

        public static MemoryWatch Start() => new();

        public void AssertGrowthBelow(long bytes)
        {
            _stop.Cancel();
            _sampler.Wait();
            Sample();
            var heapGrowth = Interlocked.Read(ref _heapPeak) - _heapBefore;
            var workingSetGrowth = Interlocked.Read(ref _workingSetPeak) - _workingSetBefore;
            heapGrowth.ShouldBeLessThan(bytes, $"managed heap peak grew by {heapGrowth / (1024 * 1024)} MB");
            workingSetGrowth.ShouldBeLessThan(bytes, $"working set peak grew by {workingSetGrowth / (1024 * 1024)} MB");
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }

        private void Sample()
        {
            var heap = GC.GetTotalMemory(forceFullCollection: false);
            var workingSet = WorkingSet();
            if (heap > Interlocked.Read(ref _heapPeak))
            {
                Interlocked.Exchange(ref _heapPeak, heap);
            }

            if (workingSet > Interlocked.Read(ref _workingSetPeak))
            {
                Interlocked.Exchange(ref _workingSetPeak, workingSet);
            }
        }

        private static long WorkingSet()
        {
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }
    }

    /// <summary>A 1 GiB request body generated as it is sent, with a known length.</summary>
    private sealed class PatternContent(long length) : HttpContent
    {
        public string? Sha256 { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            Sha256 = await PatternStream.WriteAsync(stream, length);

        protected override bool TryComputeLength(out long computed)
        {
            computed = length;
            return true;
        }
    }
}
