namespace Atrium.Load;

/// <summary>
/// After the run: each customer's balance must be the opening one less the totals of their confirmed orders (a
/// cancelled order's charge is refunded). Customers with an order left pending are skipped: their balance is unknowable.
/// </summary>
internal static class BalanceAudit
{
    public static async Task CheckAsync(LoadClient client, IReadOnlyList<Customer> customers, CancellationToken cancellationToken)
    {
        foreach (var customer in customers.Where(c => !c.HasUnsettled))
        {
            var expected = customer.OpeningBalance - customer.Spent;
            var matched = false;
            // A refund is applied just after the order shows as cancelled: allow it a few looks.
            for (var attempt = 0; attempt < 20 && !matched; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), client.Time, cancellationToken).ConfigureAwait(false);
                }

                var account = await client.SendAsync("GET /api/payments/account", HttpMethod.Get, "/api/payments/account", customer.Token, cancellationToken: cancellationToken).ConfigureAwait(false);
                matched = account.Body?["balance"]?["amount"]?.GetValue<long>() == expected;
            }

            client.Stats.BalanceChecked(matched);
        }
    }
}
