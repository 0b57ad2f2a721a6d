using System.Globalization;

namespace Atrium.Load;

/// <summary>
/// The key=value lines printed last, which scripts grep (bench/orders.sh keeps bench/OrdersBench's format):
/// confirmed orders/s and place-to-confirmed p50/p99, then with --server-pid the CPU per confirmed order, and with
/// --server-metrics the event delivery and outbox publish percentiles.
/// </summary>
internal static class BenchLines
{
    public static IEnumerable<string> For(LoadSnapshot snapshot, ServerUsage? usage)
    {
        var orders = snapshot.Orders;
        var seconds = Math.Max(1e-9, snapshot.Elapsed.TotalSeconds);
        var settled = orders.Confirmed + orders.Cancelled + orders.Unsettled;
        var outcomes = new List<string> { $"Confirmed:{orders.Confirmed}" };
        outcomes.AddRange(orders.CancelledByReason.Select(c => $"Cancelled {c.Key}:{c.Value}"));
        if (orders.Unsettled > 0)
        {
            outcomes.Add($"Unsettled:{orders.Unsettled}");
        }

        outcomes.AddRange(snapshot.ErrorsByCode.Select(e => $"{e.Key}:{e.Value}"));
        yield return string.Create(CultureInfo.InvariantCulture,
            $"confirmed/s={orders.Confirmed / seconds:F1} p50_ms={orders.PlaceToConfirmed.P50:F1} p99_ms={orders.PlaceToConfirmed.P99:F1} confirmed={orders.Confirmed} polls_per_order={(orders.Looks - settled) / Math.Max(1.0, settled):F1} outcomes={string.Join(',', outcomes)}");
        if (usage?.Cpu is { } cpu)
        {
            var perOrder = Math.Max(1, orders.Confirmed);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"cpu_ms_per_order atrium={cpu.TotalMilliseconds / perOrder:F2} bench={usage.OwnCpu.TotalMilliseconds / perOrder:F2} atrium_cores={cpu.TotalSeconds / seconds:F2} gc_pause_share={(usage.GcPauseSeconds is { } gc ? (gc / seconds).ToString("P1", CultureInfo.InvariantCulture) : "n/a")}");
        }

        if (usage is { Delivery.IsEmpty: false })
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"event_delivery_ms p50={usage.Delivery.Quantile(0.50) * 1000:F1} p99={usage.Delivery.Quantile(0.99) * 1000:F1} deliveries={usage.Delivery.Total:F0} per_order={usage.Delivery.Total / Math.Max(1, orders.Confirmed):F1}");
        }

        if (usage is { Relay.IsEmpty: false })
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"outbox_publish_ms p50={usage.Relay.Quantile(0.50) * 1000:F1} p99={usage.Relay.Quantile(0.99) * 1000:F1} published={usage.Relay.Total:F0}");
        }
    }
}
