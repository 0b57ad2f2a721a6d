using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>Orders of one unit, placed back to back by one customer until stopped, surviving whatever fault is injected meanwhile.</summary>
internal static class OrderStorm
{
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
