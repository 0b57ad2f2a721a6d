using Atrium.Rpc.Server;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>Atrium client → Atrium server: every interop case, both ends ours.</summary>
public sealed class AtriumClientToAtriumServerTests(AtriumClientToAtriumServerTests.Fixture fixture) : IClassFixture<AtriumClientToAtriumServerTests.Fixture>
{
    [Theory]
    [MemberData(nameof(InteropCases.Names), MemberType = typeof(InteropCases))]
    public async Task InteropCase_AtriumClientToAtriumServer_Passes(string name)
    {
        await InteropCases.RunAsync(fixture.Channel, name);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private RpcTestServer? _server;

        public Client.RpcChannel Channel { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await RpcTestServer.StartAsync(app => app.MapRpcService(InteropTestService.Map));
            Channel = _server.CreateChannel();
        }

        public async Task DisposeAsync()
        {
            Channel?.Dispose();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
