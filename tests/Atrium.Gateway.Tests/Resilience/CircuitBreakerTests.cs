using System.Diagnostics.Metrics;
using System.Net;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Resilience;

public sealed class CircuitBreakerTests : IAsyncLifetime
{
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
        (await AdminClusters.CircuitStateAsync(gateway, cluster)).ShouldBeOneOf("open", "halfOpen");
        gauge.Read().ShouldBeOneOf(2, 1);

        _upstream.Status = 200;
        (await Eventually.TrueAsync(async () => await AdminClusters.CircuitStateAsync(gateway, cluster) == "halfOpen", TimeSpan.FromSeconds(5)))
            .ShouldBeTrue();
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

        (await Eventually.TrueAsync(async () => await AdminClusters.CircuitStateAsync(gateway, cluster) == "halfOpen", TimeSpan.FromSeconds(5)))
            .ShouldBeTrue();
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
                  samplingDuration: 10s
                  minimumThroughput: 5
                  breakDuration: 1s
                  closeAfterSuccesses: 5
                  {{extra}}
            """);

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
