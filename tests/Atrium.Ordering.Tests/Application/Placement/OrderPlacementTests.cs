using System.Net;
using Atrium.Ordering.Tests.Api;
using Microsoft.Extensions.Logging;

namespace Atrium.Ordering.Tests.Application.Placement;

/// <summary>
/// Requests that race with one <c>Idempotency-Key</c>, over HTTP against the real ordering module, on SQLite
/// (<see cref="OrderPlacementOnSqliteTests"/>) and on PostgreSQL (<see cref="OrderPlacementOnPostgreSqlTests"/>): one
/// order, and the losers answered as a repeat would be, without an error in the log.
/// </summary>
public abstract class OrderPlacementTests(OrderingApiFixture api)
{
    private static string Body(Guid product, int quantity) => $$"""{"items":[{"productId":"{{product}}","quantity":{{quantity}}}]}""";

    private async Task<List<(HttpStatusCode Status, string Body)>> PlaceAtOnceAsync(string token, string key, IEnumerable<string> bodies) =>
        [.. await Task.WhenAll(bodies.Select(async body =>
        {
            using var response = await api.PlaceAsync(token, key, body);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }))];

    private List<string> ErrorsSince(int count) =>
        [.. api.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Skip(count).Select(e => $"{e.Category}: {e.Message} {e.Exception}")];

    private int ErrorCount => api.Logs.Entries.Count(e => e.Level >= LogLevel.Error);

    [Fact]
    public async Task PlaceAsync_TenAtOnceWithOneKey_OneOrderAndEveryAnswerTheReplayWithoutAnErrorLogged()
    {
        var (token, user) = await api.NewCustomerAsync();
        var product = await api.Branches.NewProductAsync(stock: 5);
        var key = Guid.NewGuid().ToString("N");
        var errors = ErrorCount;

        var answers = await PlaceAtOnceAsync(token, key, Enumerable.Repeat(Body(product, 1), 10));

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.Accepted, string.Join("\n", answers));
        answers.Select(a => a.Body).Distinct().Count().ShouldBe(1, string.Join("\n", answers));
        using (var repeat = await api.PlaceAsync(token, key, Body(product, 1)))
        {
            repeat.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            (await repeat.Content.ReadAsStringAsync()).ShouldBe(answers[0].Body);
        }

        (await api.OrderCountAsync(user)).ShouldBe(1);
        // The races are over once every answer is in: what the saga does with the order afterwards is not this test's.
        ErrorsSince(errors).ShouldBeEmpty();
    }

    [Fact]
    public async Task PlaceAsync_TenAtOnceWithOneKeyAndTwoBodies_OneOrderTheOtherBody409WithoutAnErrorLogged()
    {
        var (token, user) = await api.NewCustomerAsync();
        var product = await api.Branches.NewProductAsync(stock: 5);
        var key = Guid.NewGuid().ToString("N");
        var errors = ErrorCount;

        var answers = await PlaceAtOnceAsync(token, key, Enumerable.Range(0, 10).Select(i => Body(product, 1 + (i % 2))));

        (await api.OrderCountAsync(user)).ShouldBe(1);
        var accepted = answers.Where(a => a.Status == HttpStatusCode.Accepted).ToList();
        accepted.Select(a => a.Body).Distinct().Count().ShouldBe(1, string.Join("\n", answers));
        answers.Where(a => a.Status != HttpStatusCode.Accepted).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict && a.Body.Contains("\"code\":\"CONFLICT\""));
        // The five with the winner's body are its replays, the five with the other body are refused.
        accepted.Count.ShouldBe(5, string.Join("\n", answers));
        ErrorsSince(errors).ShouldBeEmpty();
    }
}
