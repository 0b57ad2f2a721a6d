using System.Net;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The invariants over every order that exists, accepted or not: each is final; a Confirmed one has exactly one
/// payment for its price, a Cancelled one keeps none (I2, I3); every balance is the starting balance less what its
/// owner's confirmed orders cost; stock went down by exactly the confirmed quantity (I1); money only moved (I4).
/// </summary>
internal static class Ledger
{
    private const long StartingBalance = 100_000;

    /// <summary>Checks the invariants for <paramref name="users"/> ordering one unit of <paramref name="product"/> at a time; returns how many orders were confirmed.</summary>
    /// <remarks>With <paramref name="settled"/>, also waits until each confirmed order's payment is Settled: payments received the order's OrderConfirmed event.</remarks>
    public static async Task<int> VerifyAsync(CommerceApi api, string admin, IReadOnlyList<string> users, Guid product, long price, int stock, TimeSpan timeout, bool settled = false)
    {
        // The users side by side: a storm leaves thousands of orders, each with its payment to read.
        var confirmed = (await Task.WhenAll(users.Select(user => VerifyUserAsync(api, admin, user, price, timeout, settled)))).Sum();
        (await api.ProductAsync(product))["available"]!.GetValue<int>().ShouldBe(stock - confirmed);
        var summary = await api.PaymentsSummaryAsync(admin);
        summary["totalBalance"]!.GetValue<long>().ShouldBe(0);
        summary["merchantBalance"]!.GetValue<long>().ShouldBe(confirmed * price);
        return confirmed;
    }

    private static async Task<int> VerifyUserAsync(CommerceApi api, string admin, string user, long price, TimeSpan timeout, bool settled)
    {
        var orders = await Eventually.ValueAsync(async () =>
        {
            var all = await api.AllOrdersAsync(user);
            return all.All(o => o["status"]!.GetValue<string>() != "Pending") ? all : null;
        }, "every order of the user to finish", timeout);
        var mine = 0;
        foreach (var order in orders)
        {
            var id = order["id"]!.GetValue<Guid>();
            var payment = await api.PaymentAsync(admin, id);
            if (order["status"]!.GetValue<string>() == "Confirmed")
            {
                mine++;
                payment.ShouldNotBeNull($"order {id} is Confirmed without a payment");
                payment["amount"]!["amount"]!.GetValue<long>().ShouldBe(price);
                if (settled)
                {
                    await Eventually.UntilAsync(async () => (await api.PaymentAsync(admin, id))?["status"]!.GetValue<string>() == "Settled", $"the payment of order {id} to settle", timeout);
                }
                else
                {
                    // Settled once payments has seen the order's OrderConfirmed, which follows the confirmation by a moment.
                    payment["status"]!.GetValue<string>().ShouldBeOneOf("Captured", "Settled");
                }
            }
            else
            {
                (payment?["status"]!.GetValue<string>() ?? "none").ShouldNotBeOneOf(["Captured", "Settled"], $"order {id} is Cancelled but its payment was kept");
            }
        }

        (await api.BalanceAsync(user)).ShouldBe(StartingBalance - (mine * price));
        return mine;
    }

    /// <summary>Waits until every user's payments account is open: the UserRegistered event reached payments.</summary>
    public static async Task AccountsOpenAsync(CommerceApi api, IEnumerable<string> users, TimeSpan timeout)
    {
        foreach (var user in users)
        {
            await Eventually.UntilAsync(async () => (await api.GetAsync("/api/payments/account", user)).Status == HttpStatusCode.OK, "the account to open", timeout);
        }
    }
}
