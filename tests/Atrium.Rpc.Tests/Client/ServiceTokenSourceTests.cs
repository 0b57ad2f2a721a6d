using Atrium.Identity;
using Atrium.Rpc.Tests.Interop;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using Grpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Rpc.Tests.Client;

/// <summary>
/// The service-token client against the real identity module's token endpoint: one request per audience however many
/// calls want a token, a new one once the last is due for renewal, and UNAVAILABLE when none can be had. Identity's
/// log counts the tokens it issued.
/// </summary>
public sealed class ServiceTokenSourceTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _identityLogs = new();
    // The client reads the time only to date what it fetched and to decide when it is due; identity keeps the
    // machine's clock.
    private readonly FakeTimeProvider _clientClock = new();
    private ModuleTestHost _identity = null!;

    public async Task InitializeAsync() =>
        _identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, logs: _identityLogs);

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    private int Issued(string audience) =>
        _identityLogs.Entries.Count(e => e.Message.StartsWith($"Issued a service token to client ordering for {audience}:", StringComparison.Ordinal));

    [Fact]
    public async Task GetTokenAsync_ManyCallsOneAfterAnotherAndAtOnce_OneTokenRequest()
    {
        using var tokens = TestServiceTokens.Source(_identity, _clientClock);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None))));
        var sequential = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            sequential.Add(await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None));
        }

        concurrent.Concat(sequential).Distinct().ShouldHaveSingleItem();
        Issued(ServiceScopes.Payments).ShouldBe(1);
    }

    [Fact]
    public async Task GetTokenAsync_EachAudience_ItsOwnToken()
    {
        using var tokens = TestServiceTokens.Source(_identity, _clientClock);

        var payments = new JsonWebToken(await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None));
        var catalog = new JsonWebToken(await tokens.GetTokenAsync(ServiceScopes.Catalog, CancellationToken.None));

        payments.Audiences.ShouldBe([ServiceScopes.Payments]);
        catalog.Audiences.ShouldBe([ServiceScopes.Catalog]);
        Issued(ServiceScopes.Payments).ShouldBe(1);
        Issued(ServiceScopes.Catalog).ShouldBe(1);
    }

    [Fact]
    public async Task GetTokenAsync_PastItsRenewalTime_AsksForANewOne()
    {
        using var tokens = TestServiceTokens.Source(_identity, _clientClock);
        var first = await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None);

        // Five-minute tokens are renewed a minute before they expire.
        _clientClock.SetUtcNow(_clientClock.Start + TimeSpan.FromMinutes(3.5));
        (await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None)).ShouldBe(first);
        Issued(ServiceScopes.Payments).ShouldBe(1);

        _clientClock.SetUtcNow(_clientClock.Start + TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(1));
        var renewed = await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None);

        renewed.ShouldNotBe(first);
        Issued(ServiceScopes.Payments).ShouldBe(2);
        (await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None)).ShouldBe(renewed);
    }

    [Fact]
    public async Task GetTokenAsync_RenewalFailsBeforeTheTokenExpires_KeepsItUntilItExpires()
    {
        await using var relay = new TcpRelay(_identity.Port);
        var logs = new CapturingLoggerProvider();
        using var tokens = new ServiceTokenSource(
            new Uri($"http://127.0.0.1:{relay.Port}/connect/token"), TestServiceTokens.ClientId, TestServiceTokens.Secret(_identity), _clientClock, logs.CreateLogger("tokens"));
        var first = await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None);
        relay.Cut();

        // Due for renewal a minute before it expires, with the token endpoint gone.
        _clientClock.SetUtcNow(_clientClock.Start + TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(1));
        (await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None)).ShouldBe(first);
        (await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None)).ShouldBe(first);
        logs.Entries.ShouldContain(e => e.Message.StartsWith("Could not renew the service token for payments", StringComparison.Ordinal));

        _clientClock.SetUtcNow(_clientClock.Start + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        (await Should.ThrowAsync<RpcException>(() => tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None))).StatusCode.ShouldBe(StatusCode.Unavailable);

        relay.Restore();
        (await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None)).ShouldNotBe(first);
        Issued(ServiceScopes.Payments).ShouldBe(2);
    }

    [Fact]
    public async Task Intercept_CalleeAnswersUnauthenticated_NextCallCarriesANewToken()
    {
        await using var server = await GrpcTestServer.StartAsync<InteropTestService>();
        using var tokens = TestServiceTokens.Source(_identity, _clientClock);
        using var channel = GrpcChannels.Create(server.Address, tokens.CredentialsFor(ServiceScopes.Payments));
        var client = new TestService.TestServiceClient(tokens.Intercept(channel.CreateInvoker(), ServiceScopes.Payments));
        await client.UnaryCallAsync(new SimpleRequest());
        // Other failures say nothing about the token.
        await Should.ThrowAsync<RpcException>(() => client.UnaryCallAsync(Answering(StatusCode.PermissionDenied)).ResponseAsync);
        await client.UnaryCallAsync(new SimpleRequest());
        Issued(ServiceScopes.Payments).ShouldBe(1);

        var refused = await Should.ThrowAsync<RpcException>(() => client.UnaryCallAsync(Answering(StatusCode.Unauthenticated)).ResponseAsync);
        await client.UnaryCallAsync(new SimpleRequest());

        refused.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        Issued(ServiceScopes.Payments).ShouldBe(2);
    }

    [Fact]
    public async Task GetTokenAsync_WrongSecret_UnavailableNamingTheRefusal()
    {
        using var tokens = new ServiceTokenSource(TestServiceTokens.TokenUrl(_identity), TestServiceTokens.ClientId, "not-the-secret-at-all");

        var error = await Should.ThrowAsync<RpcException>(() => tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None));

        error.StatusCode.ShouldBe(StatusCode.Unavailable);
        error.Status.Detail.ShouldContain("401 invalid_client");
    }

    [Fact]
    public async Task GetTokenAsync_EndpointUnreachable_UnavailableThenATokenOnceItIsBack()
    {
        await using var relay = new TcpRelay(_identity.Port);
        relay.Cut();
        using var tokens = new ServiceTokenSource(
            new Uri($"http://127.0.0.1:{relay.Port}/connect/token"), TestServiceTokens.ClientId, TestServiceTokens.Secret(_identity));

        (await Should.ThrowAsync<RpcException>(() => tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None))).StatusCode.ShouldBe(StatusCode.Unavailable);

        relay.Restore();
        (await tokens.GetTokenAsync(ServiceScopes.Payments, CancellationToken.None)).ShouldNotBeNullOrEmpty();
        Issued(ServiceScopes.Payments).ShouldBe(1);
    }

    [Fact]
    public async Task UnaryCall_NoTokenToBeHad_FailsUnavailableWithoutReachingTheServer()
    {
        await using var server = await GrpcTestServer.StartAsync<InteropTestService>();
        using var tokens = new ServiceTokenSource(TestServiceTokens.TokenUrl(_identity), TestServiceTokens.ClientId, "not-the-secret-at-all");
        using var channel = GrpcChannels.Create(server.Address, tokens.CredentialsFor(ServiceScopes.Payments));

        var error = await Should.ThrowAsync<RpcException>(() => new TestService.TestServiceClient(channel).EmptyCallAsync(new Empty()).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unavailable);
        error.Status.Detail.ShouldContain("No service token for 'payments'");
    }

    private static SimpleRequest Answering(StatusCode code) => new() { ResponseStatus = new EchoStatus { Code = (int)code, Message = "as asked" } };
}
