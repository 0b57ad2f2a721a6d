using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Identity;
using Atrium.Ordering.Infrastructure.Clients;
using Atrium.Rpc.Client;
using Atrium.Testing;

namespace Atrium.Ordering.Tests.Infrastructure.Clients;

/// <summary>The placement's identity client against the real identity module over gRPC, stopped mid-test.</summary>
public sealed class KnownUsersIdentityClientTests : IAsyncLifetime
{
    private ModuleTestHost _identity = null!;
    private ServiceTokenSource _tokens = null!;
    private bool _stopped;

    public async Task InitializeAsync()
    {
        _identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, rpc: true);
        _tokens = TestServiceTokens.Source(_identity);
    }

    public async Task DisposeAsync()
    {
        await StopIdentityAsync();
        _tokens.Dispose();
    }

    [Fact]
    public async Task UserExistsAsync_KnownUserWhileIdentityIsDown_AnsweredFromMemory()
    {
        var user = await RegisterAsync();
        using var channels = Channels();
        var client = Client(channels, TimeSpan.FromMinutes(1));
        (await client.UserExistsAsync(user, CancellationToken.None)).ShouldBeTrue();

        await StopIdentityAsync();

        (await client.UserExistsAsync(user, CancellationToken.None)).ShouldBeTrue();
        var unknown = await Should.ThrowAsync<AtriumException>(() => client.UserExistsAsync(Guid.NewGuid(), CancellationToken.None));
        unknown.Code.ShouldBe(ErrorCodes.UpstreamUnavailable);
    }

    [Fact]
    public async Task UserExistsAsync_NoSuchUser_FalseAndAskedAgainNextTime()
    {
        using var channels = Channels();
        var client = Client(channels, TimeSpan.FromMinutes(1));
        var stranger = Guid.NewGuid();
        (await client.UserExistsAsync(stranger, CancellationToken.None)).ShouldBeFalse();

        await StopIdentityAsync();

        // Not remembered: the second question goes to identity, which is down now.
        await Should.ThrowAsync<AtriumException>(() => client.UserExistsAsync(stranger, CancellationToken.None));
    }

    [Fact]
    public async Task UserExistsAsync_TtlZero_AsksIdentityEveryTime()
    {
        var user = await RegisterAsync();
        using var channels = Channels();
        var client = Client(channels, TimeSpan.Zero);
        (await client.UserExistsAsync(user, CancellationToken.None)).ShouldBeTrue();

        await StopIdentityAsync();

        await Should.ThrowAsync<AtriumException>(() => client.UserExistsAsync(user, CancellationToken.None));
    }

    private async Task StopIdentityAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _identity.DisposeAsync();
        }
    }

    private BranchChannels Channels() => new(Options(TimeSpan.Zero), _tokens, TimeProvider.System);

    private OrderingOptions Options(TimeSpan ttl) => new()
    {
        IdentityAddress = _identity.RpcAddress.ToString(),
        // The first call goes over a new h2c connection, which has taken over a second on a saturated machine; the
        // down-service cases are refused connections, which fail at once whatever the deadline.
        CallTimeout = TimeSpan.FromSeconds(30),
        UserCacheTtl = ttl,
    };

    private KnownUsersIdentityClient Client(BranchChannels channels, TimeSpan ttl)
    {
        var options = Options(ttl);
        return new KnownUsersIdentityClient(new GrpcIdentityClient(channels, new BranchCall(new LiveOptions<OrderingOptions>(options), TimeProvider.System)), new LiveOptions<OrderingOptions>(options), TimeProvider.System);
    }

    private async Task<Guid> RegisterAsync()
    {
        using var http = _identity.Client();
        using var response = await http.PostAsJsonAsync("/api/identity/users", new { email = $"u-{Guid.NewGuid():N}@example.com", password = "correct horse battery" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
