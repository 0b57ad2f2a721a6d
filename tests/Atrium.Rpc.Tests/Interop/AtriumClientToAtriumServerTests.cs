using Grpc.Net.Client;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>grpc-dotnet client → grpc-dotnet server (Kestrel h2c): every interop case, both ends ours.</summary>
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
        private GrpcTestServer? _server;

        public GrpcChannel Channel { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await GrpcTestServer.StartAsync<InteropTestService>();
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
