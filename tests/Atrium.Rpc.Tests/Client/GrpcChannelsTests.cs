using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Rpc.Client;
using Atrium.Rpc.Tests.Server;
using Grpc.Core;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Client;

public sealed class GrpcChannelsTests
{
    [Fact]
    public async Task CreateInvoker_UnaryCallsEnd_RecordClientDurationWithServiceMethodAndStatus()
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>();
        using var channel = GrpcChannels.Create(host.Address);
        var client = new TestService.TestServiceClient(channel.CreateInvoker());
        var recorded = new List<(string? Service, string? Method, int? Status)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Name: "rpc.client.call.duration", Meter.Name: "Atrium.Rpc" })
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var values = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                values[tag.Key] = tag.Value;
            }

            value.ShouldBeGreaterThanOrEqualTo(0);
            lock (recorded)
            {
                recorded.Add((values.GetValueOrDefault("rpc.service") as string, values.GetValueOrDefault("rpc.method") as string, values.GetValueOrDefault("rpc.grpc.status_code") as int?));
            }
        });
        listener.Start();

        await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 1 });
        await Should.ThrowAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseStatus = new EchoStatus { Message = "atrium" } }).ResponseAsync);

        // Recorded before the awaited call returns, so both are there now.
        lock (recorded)
        {
            recorded.ShouldContain(("grpc.testing.TestService", "UnaryCall", (int?)(int)StatusCode.OK));
            recorded.ShouldContain(("grpc.testing.TestService", "UnaryCall", (int?)(int)StatusCode.NotFound));
        }
    }

    [Fact]
    public async Task Create_MoreCallsThanOneConnectionsStreamLimit_OpensAnotherConnectionInsteadOfQueueing()
    {
        await using var host = await GrpcTestServer.StartAsync<ProbeService>();
        using var channel = GrpcChannels.Create(host.Address);
        var client = new TestService.TestServiceClient(channel.CreateInvoker());
        ProbeService.Holding.Reset(target: 150);

        // Kestrel allows 100 streams per connection: the other 50 reach the server only on a second connection.
        var calls = Enumerable.Range(0, 150)
            .Select(_ => client.UnaryCallAsync(new SimpleRequest { ResponseStatus = new EchoStatus { Message = "hold" } }))
            .ToList();
        try
        {
            await ProbeService.Holding.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var call in calls)
            {
                call.Dispose();
            }
        }
    }

    [Fact]
    public async Task Create_CallInsideATrace_TheServerContinuesThatTrace()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await GrpcTestServer.StartAsync<ProbeService>();
        using var channel = GrpcChannels.Create(host.Address);
        var client = new TestService.TestServiceClient(channel.CreateInvoker());
        using var source = new ActivitySource("Atrium.Rpc.Tests");
        using var activity = source.StartActivity("caller")!;

        var response = await client.UnaryCallAsync(new SimpleRequest { ResponseStatus = new EchoStatus { Message = "trace" } });

        response.Payload.Body.ToStringUtf8().ShouldBe(activity.TraceId.ToHexString());
    }
}
