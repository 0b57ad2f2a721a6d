using Atrium.Rpc.Client;
using Grpc.Net.Client;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>grpc-dotnet client → grpc-js server: every interop case.</summary>
public sealed class AtriumClientToGrpcJsServerTests(AtriumClientToGrpcJsServerTests.Fixture fixture) : IClassFixture<AtriumClientToGrpcJsServerTests.Fixture>
{
    [Theory]
    [MemberData(nameof(InteropCases.Names), MemberType = typeof(InteropCases))]
    public async Task InteropCase_AtriumClientToGrpcJsServer_Passes(string name)
    {
        await InteropCases.RunAsync(fixture.Channel, name);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private NodeServer? _server;

        public GrpcChannel Channel { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await NodePeer.StartServerAsync();
            // The channel the modules use, so its settings (pings, more connections) meet grpc-js too.
            Channel = GrpcChannels.Create(_server.Address);
        }

        public Task DisposeAsync()
        {
            Channel?.Dispose();
            _server?.Dispose();
            return Task.CompletedTask;
        }
    }
}
