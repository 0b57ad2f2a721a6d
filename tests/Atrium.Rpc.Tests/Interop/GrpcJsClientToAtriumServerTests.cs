namespace Atrium.Rpc.Tests.Interop;

/// <summary>grpc-js client → grpc-dotnet server (Kestrel h2c): every interop case, run once by one node process.</summary>
public sealed class GrpcJsClientToAtriumServerTests(GrpcJsClientToAtriumServerTests.Fixture fixture) : IClassFixture<GrpcJsClientToAtriumServerTests.Fixture>
{
    [Theory]
    [MemberData(nameof(InteropCases.Names), MemberType = typeof(InteropCases))]
    public async Task InteropCase_GrpcJsClientToAtriumServer_Passes(string name)
    {
        var results = await fixture.Results.Value;
        results.ContainsKey(name).ShouldBeTrue($"node printed no result for {name}");
        results[name].ShouldBeNull();
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private GrpcTestServer? _server;

        public Lazy<Task<IReadOnlyDictionary<string, string?>>> Results { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await GrpcTestServer.StartAsync<InteropTestService>();
            var target = $"{_server.Address.Host}:{_server.Address.Port}";
            Results = new(() => NodePeer.RunClientAsync(target, InteropCases.All));
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
