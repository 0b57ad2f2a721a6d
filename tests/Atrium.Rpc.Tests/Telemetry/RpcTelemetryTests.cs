using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Rpc.Server;
using Atrium.Rpc.Tests.Interop;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Telemetry;

public sealed class RpcTelemetryTests
{
    [Fact]
    public async Task Call_RecordsClientAndServerDurations_WithMethodAndStatus()
    {
        var recorded = new ConcurrentBag<(string Name, string? Method, object? Status)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Atrium.Rpc")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            string? method = null;
            object? status = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "rpc.method") method = tag.Value as string;
                if (tag.Key == "rpc.grpc.status_code") status = tag.Value;
            }

            recorded.Add((instrument.Name, method, status));
        });
        listener.Start();
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(InteropTestService.Map));
        using var channel = server.CreateChannel();

        await channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty());
        await Should.ThrowAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnimplementedCall, new Empty()));

        recorded.ShouldContain(r => r.Name == "rpc.client.duration" && r.Method == "EmptyCall" && Equals(r.Status, 0));
        recorded.ShouldContain(r => r.Name == "rpc.server.duration" && r.Method == "EmptyCall" && Equals(r.Status, 0));
        recorded.ShouldContain(r => r.Name == "rpc.client.duration" && r.Method == "UnimplementedCall" && Equals(r.Status, 12));
    }

    [Fact]
    public async Task Call_WithClientSpan_PropagatesTraceparentToTheServer()
    {
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Atrium.Rpc",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(activities);
        string? traceparent = null;
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(s => s
            .MapUnary(TestServiceMethods.EmptyCall, (_, context) =>
            {
                traceparent = context.RequestHeaders.GetValue("traceparent");
                return Task.FromResult(new Empty());
            })));
        using var channel = server.CreateChannel();
        using var parent = new Activity("test").Start();

        await channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty());

        traceparent.ShouldNotBeNull();
        traceparent.ShouldStartWith($"00-{parent.TraceId}-");
    }
}
