using Atrium.Contracts.Events;
using Atrium.Payments.Infrastructure;
using Atrium.Payments.Tests.Api;
using Atrium.Testing;

namespace Atrium.Payments.Tests.Application;

/// <summary>Accounts opened from registrations, on SQLite (<see cref="OpenAccountHandlerOnSqliteTests"/>) and on PostgreSQL (<see cref="OpenAccountHandlerOnPostgreSqlTests"/>).</summary>
public abstract class OpenAccountHandlerTests(PaymentsHostFixture payments)
{
    private const string FundingDebits = "SELECT \"BalanceAfter\" FROM ledger_entries WHERE \"AccountId\" = @p AND \"Direction\" = 'Debit'";

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
        await Eventually.UntilAsync(async () => await payments.InboxAsync(registered.Id) == 1 && await payments.InboxAsync(again.Id) == 1, "both deliveries are handled");

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
        await Eventually.UntilAsync(async () => (await Task.WhenAll(users.Select(u => payments.BalanceAsync(u)))).All(b => b == PaymentsHostFixture.StartingBalance), "every account is opened");

        (await payments.SummaryAsync()).GetProperty("totalBalance").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task Handle_200RegistrationsAtOnce_FundingAndLedgerExact()
    {
        const int Users = 200;
        var users = Enumerable.Range(0, Users).Select(_ => Guid.NewGuid()).ToList();
        var fundingBefore = await payments.CountAsync("SELECT \"Balance\" FROM accounts WHERE \"Id\" = @p", SystemAccounts.Funding);
        var debitsBefore = (await payments.IntegersAsync(FundingDebits, SystemAccounts.Funding)).Count;
        var expected = fundingBefore - (Users * PaymentsHostFixture.StartingBalance);

        await Task.WhenAll(users.Select(u => payments.PublishAsync(new UserRegistered(u, $"{u:N}@example.com") { OccurredAt = DateTimeOffset.UnixEpoch }).AsTask()));
        await Eventually.UntilAsync(
            async () => await payments.CountAsync("SELECT \"Balance\" FROM accounts WHERE \"Id\" = @p", SystemAccounts.Funding) == expected,
            "the funding account has paid every opening balance");

        foreach (var user in users)
        {
            (await payments.BalanceAsync(user)).ShouldBe(PaymentsHostFixture.StartingBalance);
            (await payments.LedgerEntriesAsync($"opening:{user}")).ShouldBe(2);
        }

        // Each opening's debit saw the funding balance the one before it left: no two read the same one.
        var debits = await payments.IntegersAsync(FundingDebits, SystemAccounts.Funding);
        debits.Count.ShouldBe(debitsBefore + Users);
        var steps = Enumerable.Range(1, Users).Select(k => fundingBefore - (k * PaymentsHostFixture.StartingBalance)).ToHashSet();
        debits.Where(steps.Contains).Order().ShouldBe(steps.Order());
        (await payments.SummaryAsync()).GetProperty("totalBalance").GetInt64().ShouldBe(0);
    }
}
