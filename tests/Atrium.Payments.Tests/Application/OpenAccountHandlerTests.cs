using Atrium.Contracts.Events;
using Atrium.Payments.Tests.Api;

namespace Atrium.Payments.Tests.Application;

[Collection(PaymentsCollection.Name)]
public sealed class OpenAccountHandlerTests(PaymentsHostFixture payments)
{
    [Fact]
    public async Task Handle_UserRegisteredDeliveredTwiceAndAnnouncedAgain_OpensOneFundedAccount()
    {
        var userId = Guid.NewGuid();
        var registered = new UserRegistered(userId, "twice@example.com") { OccurredAt = DateTimeOffset.UnixEpoch };
        var again = registered with { Id = Guid.NewGuid() };
        var before = await payments.SummaryAsync();

        await payments.PublishAsync(registered);
        await payments.PublishAsync(registered);
        await payments.PublishAsync(again);
        await PaymentsHostFixture.EventuallyAsync(async () => await payments.InboxAsync(registered.Id) == 1 && await payments.InboxAsync(again.Id) == 1);

        (await payments.CountAsync("SELECT COUNT(*) FROM accounts WHERE \"OwnerUserId\" = @p", userId)).ShouldBe(1);
        (await payments.BalanceAsync(userId)).ShouldBe(PaymentsHostFixture.StartingBalance);
        (await payments.LedgerEntriesAsync($"opening:{userId}")).ShouldBe(2);
        var after = await payments.SummaryAsync();
        after.GetProperty("totalBalance").GetInt64().ShouldBe(0);
        (after.GetProperty("accounts").GetInt32() - before.GetProperty("accounts").GetInt32()).ShouldBe(1);
    }

    [Fact]
    public async Task Handle_ManyUsersAtOnce_OpensEveryAccountAndTheSumStaysZero()
    {
        var users = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(users.Select(u => payments.PublishAsync(new UserRegistered(u, $"{u:N}@example.com") { OccurredAt = DateTimeOffset.UnixEpoch }).AsTask()));
        await PaymentsHostFixture.EventuallyAsync(async () => (await Task.WhenAll(users.Select(u => payments.BalanceAsync(u)))).All(b => b == PaymentsHostFixture.StartingBalance));

        (await payments.SummaryAsync()).GetProperty("totalBalance").GetInt64().ShouldBe(0);
    }
}
