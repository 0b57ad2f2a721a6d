using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>Orders of one unit, placed one after another by one customer until stopped, surviving whatever fault is injected meanwhile.</summary>
internal static class OrderStorm
{
    // A storm, not a flood: back to back, eight customers placed about 500 orders a second, so a fault that took a minute
    // on a busy machine (a broker's restart) left tens of thousands of orders for the final checks to read back one by one,
    // and the test ran past the hang detector. With this pause a customer places at most about 20 a second: still dozens
    // of sagas in flight at any moment of the fault.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    /// <summary>Places orders until <paramref name="stop"/>; each one answered 202 goes into <paramref name="accepted"/>.</summary>
    public static async Task RunAsync(CommerceApi api, string token, Guid product, ConcurrentBag<(string Token, Guid OrderId)> accepted, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await api.PlaceOrderAsync(token, Guid.NewGuid().ToString(), (product, 1));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add((token, JsonNode.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None))!["id"]!.GetValue<Guid>()));
                }

                await Task.Delay(Pause, CancellationToken.None);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // A request cut by the fault (a process died under it): whether the order exists is for the final
                // checks to find out.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }
}
