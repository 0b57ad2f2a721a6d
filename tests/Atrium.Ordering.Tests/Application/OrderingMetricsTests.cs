using System.Diagnostics.Metrics;
using Atrium.Ordering.Application;
using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Tests.Application;

/// <summary>The ordering meter's gauges, read as an exporter reads them, while a saga runs against the real services.</summary>
[Collection(SagaHostsCollection.Name)]
public sealed class OrderingMetricsTests(SagaHostsFixture hosts)
{
    [Fact]
    public async Task InFlight_SagaHeldAtReserve_CountsItAtReserveUntilItFinishes()
    {
        HeldCatalogClient? held = null;
        await using var ordering = await OrderingHarness.StartAsync(hosts, duplicate: false, catalog: inner => held = new HeldCatalogClient(inner));
        var order = await ordering.PlaceAsync(await hosts.NewUserAsync(), await hosts.NewProductAsync(5, 100), 1, 100);

        var run = ordering.RunAsync(order.Id);
        await held!.Reserving.WaitAsync(TimeSpan.FromSeconds(30));
        var during = InFlight(ordering.Metrics);
        held.Release();
        await run;
        var after = InFlight(ordering.Metrics);

        during.ShouldBe(new Dictionary<string, long> { ["Reserve"] = 1, ["Charge"] = 0, ["Confirm"] = 0, ["Refund"] = 0, ["Release"] = 0 });
        after.Values.ShouldAllBe(v => v == 0);
        after.Keys.ShouldBe(during.Keys, ignoreOrder: true);
        (await ordering.SagaAsync(order.Id)).Step.ShouldBe(SagaStep.Done);
    }

    /// <summary><c>atrium.saga.in_flight</c> of this harness's meter (other tests' meters have the same name), by step.</summary>
    private static Dictionary<string, long> InFlight(OrderingMetrics metrics)
    {
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "atrium.saga.in_flight")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "step")
                {
                    values[(string)tag.Value!] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
