using System.Globalization;

namespace Atrium.Load;

/// <summary>
/// Before the clock starts: the products to order (created as the administrator when the password is given, else the
/// catalog's first ones in stock) and the customers, registered and signed in, each with a payments account open.
/// </summary>
internal static class LoadSetup
{
    /// <summary>Every customer's password; their emails are in the JSON report.</summary>
    public const string CustomerPassword = "atrium load password";

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(2);

    public static async Task<IReadOnlyList<Guid>> ProductsAsync(LoadClient client, LoadSettings settings, CancellationToken cancellationToken)
    {
        if (settings.AdminPassword is { } password)
        {
            var admin = await TokenAsync(client, "admin@atrium.local", password, cancellationToken).ConfigureAwait(false);
            var created = new List<Guid>();
            for (var i = 0; i < settings.Products; i++)
            {
                var product = await RetryAsync(client, () => client.SendAsync("POST /api/catalog/products", HttpMethod.Post, "/api/catalog/products", admin,
                    new { sku = $"LOAD-{Guid.NewGuid():N}"[..30], name = "Load widget", description = "created by atrium load", price = new { amount = 1, currency = "USD" }, stock = 10_000_000 },
                    cancellationToken: cancellationToken), "creating a product", cancellationToken).ConfigureAwait(false);
                created.Add(product.Body!["id"]!.GetValue<Guid>());
            }

            return created;
        }

        var page = await RetryAsync(client, () => client.SendAsync("GET /api/catalog/products", HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"/api/catalog/products?page=1&pageSize={Math.Min(settings.Products, 100)}"), cancellationToken: cancellationToken),
            "listing the catalog", cancellationToken).ConfigureAwait(false);
        var inStock = page.Body?["items"]?.AsArray().Where(p => p?["available"]?.GetValue<int>() > 0).Select(p => p!["id"]!.GetValue<Guid>()).ToList() ?? [];
        return inStock.Count > 0 ? inStock
            : throw new LoadSetupException("the catalog has no product in stock; set ATRIUM_ADMIN_PASSWORD to let atrium load create some.");
    }

    public static async Task<IReadOnlyList<Customer>> CustomersAsync(LoadClient client, LoadSettings settings, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var customers = new Customer[settings.Users];
        // Two at a time: registration and sign-in hash the password on purpose slowly.
        await Parallel.ForAsync(0, settings.Users, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var email = string.Create(CultureInfo.InvariantCulture, $"load-{run}-{i}@example.com");
            await RetryAsync(client, () => client.SendAsync("POST /api/identity/users", HttpMethod.Post, "/api/identity/users",
                body: new { email, password = CustomerPassword }, cancellationToken: token), "registering a customer", token).ConfigureAwait(false);
            var access = await TokenAsync(client, email, CustomerPassword, token).ConfigureAwait(false);
            customers[i] = new Customer(email, access, await OpeningBalanceAsync(client, access, token).ConfigureAwait(false));
        }).ConfigureAwait(false);
        return customers;
    }

    private static async Task<string> TokenAsync(LoadClient client, string email, string password, CancellationToken cancellationToken)
    {
        var response = await RetryAsync(client, () => client.SendAsync("POST /api/identity/token", HttpMethod.Post, "/api/identity/token",
            body: new { email, password }, cancellationToken: cancellationToken), $"signing in as {email}", cancellationToken).ConfigureAwait(false);
        return response.Body!["access_token"]!.GetValue<string>();
    }

    // Payments opens the account when it hears of the registration: wait for it.
    private static async Task<long> OpeningBalanceAsync(LoadClient client, string token, CancellationToken cancellationToken)
    {
        var started = client.Time.GetTimestamp();
        while (true)
        {
            var account = await client.SendAsync("GET /api/payments/account", HttpMethod.Get, "/api/payments/account", token, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (account.IsSuccess)
            {
                return account.Body!["balance"]!["amount"]!.GetValue<long>();
            }

            if (account.Status != 404 || client.Time.GetElapsedTime(started) > SetupTimeout)
            {
                throw new LoadSetupException($"the new customer's payments account did not open (GET /api/payments/account answered {account.Status}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), client.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends until it succeeds, waiting out 429s (sign-in and registration are rate-limited per address by default).</summary>
    private static async Task<LoadResponse> RetryAsync(LoadClient client, Func<Task<LoadResponse>> send, string what, CancellationToken cancellationToken)
    {
        var started = client.Time.GetTimestamp();
        while (true)
        {
            var response = await send().ConfigureAwait(false);
            if (response.IsSuccess)
            {
                return response;
            }

            if (response.Status is not (429 or 503) || client.Time.GetElapsedTime(started) > SetupTimeout)
            {
                throw new LoadSetupException(response.Status == 0
                    ? $"{what}: no answer from the target (is it running?)."
                    : $"{what}: the target answered {response.Status}{(response.Body?["code"] is { } code ? $" {code}" : "")}.");
            }

            await Task.Delay(response.RetryAfter ?? TimeSpan.FromSeconds(1), client.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
