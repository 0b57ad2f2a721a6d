using System.Globalization;
using System.Security.Cryptography;

namespace Atrium.Load;

/// <summary>
/// One iteration of a scenario: what a client does once before it goes again (closed loop) or what one scheduled
/// start does (open loop). The iteration's first request carries the scheduled time, so that its latency counts from
/// there.
/// </summary>
internal sealed class ScenarioSteps(LoadClient client, LoadSettings settings, IReadOnlyList<Customer> customers, IReadOnlyList<Guid> products)
{
    private const int PageSize = 10;

    /// <summary>Runs iteration <paramref name="index"/>; it picks the customer and product by index, as OrdersBench did.</summary>
    public Task RunAsync(long index, long? scheduled, CancellationToken cancellationToken) => settings.Scenario switch
    {
        LoadScenario.Browse => BrowseAsync(scheduled, cancellationToken),
        LoadScenario.Shop => ShopAsync(index, scheduled, cancellationToken),
        LoadScenario.Order => PlaceAndFollowAsync(index, scheduled, cancellationToken),
        _ => MixAsync(index, MixWeights.Draw(), scheduled, cancellationToken),
    };

    private async Task BrowseAsync(long? scheduled, CancellationToken cancellationToken)
    {
        await CatalogPageAsync(scheduled, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < 3; i++)
        {
            await ProductAsync(null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ShopAsync(long index, long? scheduled, CancellationToken cancellationToken)
    {
        await CatalogPageAsync(scheduled, cancellationToken).ConfigureAwait(false);
        await ProductAsync(null, cancellationToken).ConfigureAwait(false);
        var customer = Customer(index);
        if (await PlaceAndFollowAsync(index, null, cancellationToken).ConfigureAwait(false))
        {
            await client.SendAsync("GET /api/payments/account", HttpMethod.Get, "/api/payments/account", customer.Token, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private Task MixAsync(long index, MixTask task, long? scheduled, CancellationToken cancellationToken) => task switch
    {
        MixTask.Home => CatalogPageAsync(scheduled, cancellationToken, page: 1),
        MixTask.Account => CustomerGetAsync(index, "GET /api/payments/account", "/api/payments/account", scheduled, cancellationToken),
        MixTask.Product => ProductAsync(scheduled, cancellationToken),
        MixTask.Search => client.SendAsync("GET /api/catalog/products?q", HttpMethod.Get, "/api/catalog/products?q=widget&pageSize=10", scheduled: scheduled, cancellationToken: cancellationToken),
        MixTask.MyOrders => CustomerGetAsync(index, "GET /api/orders", "/api/orders?page=1&pageSize=10", scheduled, cancellationToken),
        _ => PlaceAndFollowAsync(index, scheduled, cancellationToken),
    };

    private async Task CustomerGetAsync(long index, string name, string path, long? scheduled, CancellationToken cancellationToken)
    {
        var customer = Customer(index);
        var response = await client.SendAsync(name, HttpMethod.Get, path, customer.Token, scheduled: scheduled, cancellationToken: cancellationToken).ConfigureAwait(false);
        await SignInAgainIfExpiredAsync(customer, response, cancellationToken).ConfigureAwait(false);
    }

    private Task<LoadResponse> CatalogPageAsync(long? scheduled, CancellationToken cancellationToken, int? page = null) =>
        client.SendAsync("GET /api/catalog/products", HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"/api/catalog/products?page={page ?? 1 + RandomNumberGenerator.GetInt32(3)}&pageSize={PageSize}"),
            scheduled: scheduled, cancellationToken: cancellationToken);

    private Task<LoadResponse> ProductAsync(long? scheduled, CancellationToken cancellationToken) =>
        client.SendAsync("GET /api/catalog/products/{id}", HttpMethod.Get, $"/api/catalog/products/{products[RandomNumberGenerator.GetInt32(products.Count)]}",
            scheduled: scheduled, cancellationToken: cancellationToken);

    /// <summary>Places an order and follows it to its final state; true when it was accepted.</summary>
    private async Task<bool> PlaceAndFollowAsync(long index, long? scheduled, CancellationToken cancellationToken)
    {
        var customer = Customer(index);
        var measured = client.Stats.Measuring;
        if (!measured && client.Stats.Finished)
        {
            // The window is over: an order placed now would be in the database but in no count of the report.
            return false;
        }

        var placedAt = scheduled ?? client.Time.GetTimestamp();
        var key = Guid.NewGuid().ToString();
        var placed = await client.SendAsync("POST /api/orders", HttpMethod.Post, "/api/orders", customer.Token,
            new { items = new[] { new { productId = products[(int)(index % products.Count)], quantity = 1 } } },
            h => h.Add("Idempotency-Key", key), scheduled, cancellationToken).ConfigureAwait(false);
        if (placed.Status != 202)
        {
            await SignInAgainIfExpiredAsync(customer, placed, cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (measured)
        {
            client.Stats.OrderPlaced();
        }

        var id = placed.Body!["id"]!.GetValue<Guid>();
        var looks = 0;
        while (true)
        {
            var look = await client.SendAsync("GET /api/orders/{id}", HttpMethod.Get, $"/api/orders/{id}", customer.Token,
                headers: h =>
                {
                    if (settings.PreferWait > 0)
                    {
                        h.Add("Prefer", string.Create(CultureInfo.InvariantCulture, $"wait={settings.PreferWait}"));
                    }
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            looks++;
            var status = look.IsSuccess ? look.Body?["status"]?.GetValue<string>() : null;
            if (status is not null and not "Pending")
            {
                if (status == "Confirmed")
                {
                    customer.Confirmed(look.Body!["total"]!["amount"]!.GetValue<long>());
                }

                if (measured)
                {
                    client.Stats.OrderSettled(status, look.Body?["reason"]?.GetValue<string>(), client.Time.GetElapsedTime(placedAt).TotalMilliseconds, looks);
                }

                return true;
            }

            await SignInAgainIfExpiredAsync(customer, look, cancellationToken).ConfigureAwait(false);
            if (client.Time.GetElapsedTime(placedAt) > settings.OrderTimeout)
            {
                customer.Unsettled();
                if (measured)
                {
                    client.Stats.OrderUnsettled(looks);
                }

                return true;
            }

            if (settings.PreferWait == 0 || !look.IsSuccess)
            {
                await Task.Delay(settings.Poll, client.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Customer Customer(long index) => customers[(int)(index % customers.Count)];

    private Task SignInAgainIfExpiredAsync(Customer customer, LoadResponse response, CancellationToken cancellationToken) =>
        response.Status == 401 ? customer.SignInAsync(client, cancellationToken) : Task.CompletedTask;
}
