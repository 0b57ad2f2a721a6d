using System.Diagnostics.Metrics;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Resilience;

/// <summary>
/// The break lasts a minute, far longer than a slow machine takes between opening the circuit and the next request;
/// tests that need it over skip the gateway's clock past it.
/// </summary>
public sealed class CircuitBreakerTests : IAsyncLifetime
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan BreakMargin = TimeSpan.FromSeconds(20);
    private readonly SkippableClock _clock = new();
    private NamedUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await NamedUpstream.StartAsync("a");

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task FailingUpstream_Opens_FastCircuitOpen_HalfOpens_ClosesAfterFiveSuccesses()
    {
        var cluster = $"breaker-{Guid.NewGuid():N}";
        await using var gateway = await StartAsync(cluster, "");
        using var client = gateway.Client();
        using var gauge = new CircuitGauge(cluster);

        _upstream.Status = 500;
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.GetAsync("/x");
            failed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        }

        using (var open = await client.GetAsync("/x"))
        {
            open.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            open.Headers.GetValues("X-Error-Code").Single().ShouldBe("CIRCUIT_OPEN");
        }

        _upstream.Hits.ShouldBe(5);
        (await AdminClusters.CircuitStateAsync(gateway, cluster)).ShouldBe("open");
        gauge.Read().ShouldBe(2);

        _upstream.Status = 200;
        // Open until close to the end of the break (the rest is real time for the reads on a slow machine)...
        _clock.Skip(BreakDuration - BreakMargin);
        (await AdminClusters.CircuitStateAsync(gateway, cluster)).ShouldBe("open");
        // ...and half-open once it is over.
        _clock.Skip(BreakMargin);
        (await AdminClusters.CircuitStateAsync(gateway, cluster)).ShouldBe("halfOpen");
        gauge.Read().ShouldBe(1);
        for (var i = 0; i < 5; i++)
        {
            (await AdminClusters.CircuitStateAsync(gateway, cluster)).ShouldBe("halfOpen");
            using var probe = await client.GetAsync("/x");
            probe.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await AdminClusters.CircuitStateAsync(gateway, cluster)).ShouldBe("closed");
        gauge.Read().ShouldBe(0);
        _upstream.Hits.ShouldBe(10);
    }

    [Fact]
    public async Task HalfOpen_ProbeFails_OpensAgain()
    {
        var cluster = $"breaker-{Guid.NewGuid():N}";
        await using var gateway = await StartAsync(cluster, "");
        using var client = gateway.Client();

        _upstream.Status = 500;
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }

        // The skip must come after the circuit opened, or the break would start from the skipped-to time.
        await Eventually.UntilAsync(async () => await AdminClusters.CircuitStateAsync(gateway, cluster) == "open", "the circuit opens");
        _clock.Skip(BreakDuration);
        (await AdminClusters.CircuitStateAsync(gateway, cluster)).ShouldBe("halfOpen");
        using (var probe = await client.GetAsync("/x"))
        {
            probe.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        }

        using var again = await client.GetAsync("/x");
        again.Headers.GetValues("X-Error-Code").Single().ShouldBe("CIRCUIT_OPEN");
        _upstream.Hits.ShouldBe(6);
    }

    [Fact]
    public async Task Open_WithFallback_ServesTheFallbackAnswer()
    {
        var cluster = $"breaker-{Guid.NewGuid():N}";
        await using var gateway = await StartAsync(cluster,
            "fallback: { status: 200, headers: { Content-Type: application/json, X-Fallback: \"yes\" }, body: '{\"items\":[]}' }");
        using var client = gateway.Client();

        _upstream.Status = 503;
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }

        using var response = await client.GetAsync("/x");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-Fallback").Single().ShouldBe("yes");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await response.Content.ReadAsStringAsync()).ShouldBe("{\"items\":[]}");
        _upstream.Hits.ShouldBe(5);
    }

    [Fact]
    public async Task BelowMinimumThroughput_StaysClosed()
    {
        var cluster = $"breaker-{Guid.NewGuid():N}";
        await using var gateway = await StartAsync(cluster, "");
        using var client = gateway.Client();

        _upstream.Status = 500;
        for (var i = 0; i < 4; i++)
        {
            (await client.GetAsync("/x")).Dispose();
        }

        (await AdminClusters.CircuitStateAsync(gateway, cluster)).ShouldBe("closed");
    }

    private Task<GatewayHost> StartAsync(string cluster, string extra) =>
        GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: {{cluster}} }
            clusters:
              {{cluster}}:
                endpoints: ["{{_upstream.Address}}"]
                healthCheck: { passive: { enabled: false } }
                circuitBreaker:
                  failureRatio: 0.5
                  samplingDuration: 1m
                  minimumThroughput: 5
                  breakDuration: 1m
                  closeAfterSuccesses: 5
                  {{extra}}
            """, time: _clock);

    /// <summary>Reads the <c>atrium.gateway.circuit.state</c> gauge for one cluster.</summary>
    private sealed class CircuitGauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _cluster;
        private int _value = -1;

        public CircuitGauge(string cluster)
        {
            _cluster = cluster;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Atrium.Gateway" && instrument.Name == "atrium.gateway.circuit.state")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "cluster" && (string?)tag.Value == _cluster)
                    {
                        _value = value;
                    }
                }
            });
            _listener.Start();
        }

        public int Read()
        {
            _value = -1;
            _listener.RecordObservableInstruments();
            return _value;
        }

        public void Dispose() => _listener.Dispose();
    }
}
