using System.Collections.Concurrent;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// I4 and I6: the process is killed (SIGKILL, no drain) at random points while orders pour in, and started again on
/// the same data. Every order that was accepted reaches Confirmed or Cancelled within 30 s of the last start, and I1–I3
/// hold over every order that exists, accepted or not. Run with every service on SQLite
/// (<see cref="CrashRecoveryOnSqliteTests"/>) and on PostgreSQL (<see cref="CrashRecoveryOnPostgreSqlTests"/>), where
/// the server outlives the killed process and its open transactions.
/// </summary>
public abstract class CrashRecoveryTests : IDisposable
{
    private const long Price = 100;
    private const int Stock = 150;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly AtriumPorts _ports = AtriumPorts.Allocate();
    private readonly string _data = Directory.CreateTempSubdirectory("atrium-crash-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private AtriumProcess? _process;
    private Func<string, string>? _databases;
    private bool _databasesChosen;

    [Fact]
    public async Task Run_KilledAtRandomPointsDuringAnOrderStorm_EveryAcceptedOrderFinishesAndMoneyAddsUp()
    {
        var api = new CommerceApi(_http, _ports.Gateway);
        await StartAsync();
        var admin = await api.AdminTokenAsync();
        var product = await api.CreateProductAsync(admin, $"CRASH-{Guid.NewGuid():N}", Price, Stock);
        var users = await api.RegisterManyAsync("crash", 8);
        await Ledger.AccountsOpenAsync(api, users, Settle);

        var accepted = new ConcurrentBag<(string Token, Guid OrderId)>();
        for (var crash = 0; crash < 3; crash++)
        {
            using var stop = new CancellationTokenSource();
            var storm = Task.WhenAll(Enumerable.Range(0, 8).Select(i => OrderStorm.RunAsync(api, users[i % users.Length], product, accepted, stop.Token)));
            // A storm worth the name before the kill, however slow a cold start on a busy machine is, then a random point.
            var before = accepted.Count;
            await Eventually.UntilAsync(() => Task.FromResult(accepted.Count >= before + 8), "orders to be accepted before the crash", Settle);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1500)));
            _process!.Crash();
            await stop.CancelAsync();
            await storm;
            await StartAsync();
        }

        accepted.Count.ShouldBeGreaterThan(20);
        // All of a storm's orders together: three times what one order is given.
        await api.WaitForAllFinalAsync([.. accepted], Settle * 3);

        // Every order that exists, including those whose 202 was lost in a crash, is final and consistent.
        await Ledger.VerifyAsync(api, admin, users, product, Price, Stock, Settle);
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _process?.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    /// <summary>Each service's PostgreSQL connection string, the same at every start; null for SQLite files in the data directory.</summary>
    protected virtual Task<Func<string, string>?> DatabasesAsync() => Task.FromResult<Func<string, string>?>(null);

    private async Task StartAsync()
    {
        if (!_databasesChosen)
        {
            _databases = await DatabasesAsync();
            _databasesChosen = true;
        }

        _process?.Dispose();
        _process = AtriumProcess.Run(AtriumConfig.Yaml(_ports, dataDirectory: _data, postgres: _databases), "--target=all");
        await _process.WaitUntilReadyAsync(_http, [.. _ports.Services.Select(s => s.Port), _ports.Admin]);
    }
}
