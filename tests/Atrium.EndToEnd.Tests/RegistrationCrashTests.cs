using System.Collections.Concurrent;
using System.Net;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// I4 for the in-process transport: the process is killed (SIGKILL) while a burst of registrations pours in, so that
/// UserRegistered events are between identity's outbox and payments' inbox, and started again on the same data. Every
/// user answered 201 gets a payments account.
/// </summary>
[Collection(StormCollection.Name)]
public sealed class RegistrationCrashTests : IDisposable
{
    private const string Password = "correct horse battery";
    private const int Clients = 32;
    private const int RegisteredBeforeCrash = 120;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private AtriumPorts _ports = AtriumPorts.Allocate();
    private readonly string _data = Directory.CreateTempSubdirectory("atrium-register-crash-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private AtriumProcess? _process;

    [Fact]
    public async Task Run_KilledRightAfterABurstOfRegistrations_EveryRegisteredUserGetsAnAccount()
    {
        await StartAsync(firstStart: true);
        var api = new CommerceApi(_http, _ports.Gateway);
        var registered = new ConcurrentBag<string>();
        using (var stop = new CancellationTokenSource())
        {
            var burst = Task.WhenAll(Enumerable.Range(0, Clients).Select(i => RegisterUntilStoppedAsync(api, i, registered, stop.Token)));
            await Eventually.UntilAsync(() => Task.FromResult(registered.Count >= RegisteredBeforeCrash), "registrations to be answered 201 before the crash", Settle);
            _process!.Crash();
            await stop.CancelAsync();
            await burst;
        }

        await StartAsync(firstStart: false);
        var tokens = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(registered, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (email, _) =>
            tokens[email] = await api.SignInAsync(email, Password));

        // Accounts open asynchronously after the restart: wait until every user has one, re-checking only those without.
        var waiting = new ConcurrentDictionary<string, string>(tokens, StringComparer.Ordinal);
        await Eventually.UntilAsync(
            async () =>
            {
                foreach (var (email, token) in waiting)
                {
                    if ((await api.GetAsync("/api/payments/account", token)).Status == HttpStatusCode.OK)
                    {
                        waiting.TryRemove(email, out _);
                    }
                }

                return waiting.IsEmpty;
            },
            "every user answered 201 to have a payments account",
            Settle,
            () => $"{waiting.Count} of {tokens.Count} users answered 201 have no account.",
            TimeSpan.FromMilliseconds(500));
        tokens.Count.ShouldBeGreaterThanOrEqualTo(RegisteredBeforeCrash);
    }

    public void Dispose()
    {
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

    private static async Task RegisterUntilStoppedAsync(CommerceApi api, int client, ConcurrentBag<string> registered, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var email = $"burst-{client}-{i}-{Guid.NewGuid():N}@example.com";
            try
            {
                using var response = await api.SendAsync(HttpMethod.Post, "/api/identity/users", null, new { email, password = Password });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    registered.Add(email);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The process died under this request: the user may exist, but it was never answered 201.
                return;
            }
        }
    }

    private async Task StartAsync(bool firstStart)
    {
        for (var attempt = 1; ; attempt++)
        {
            _process?.Dispose();
            _process = AtriumProcess.Run(AtriumConfig.Yaml(_ports, dataDirectory: _data), "--target=all");
            try
            {
                await _process.WaitUntilReadyAsync(_http, [.. _ports.Services.Select(s => s.Port), _ports.Admin]);
                return;
            }
            catch (InvalidOperationException) when (firstStart && _process.HasExited && attempt < 3)
            {
                // The free ports were released before atrium bound them; with suites starting servers in parallel,
                // one can be taken in between and atrium exits at start. Nothing is stored yet: start on fresh ports.
                _ports = AtriumPorts.Allocate();
            }
        }
    }
}
