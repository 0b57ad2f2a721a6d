using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Atrium.Gateway;
using Atrium.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>grpc-js client → Atrium gateway (h2c listener, HTTP/2 cluster) → grpc-dotnet server: every interop case.</summary>
public sealed class GrpcJsClientThroughGatewayTests(GrpcJsClientThroughGatewayTests.Fixture fixture) : IClassFixture<GrpcJsClientThroughGatewayTests.Fixture>
{
    [Theory]
    [MemberData(nameof(InteropCases.Names), MemberType = typeof(InteropCases))]
    public async Task InteropCase_GrpcJsClientThroughGateway_Passes(string name)
    {
        var results = await fixture.Results.Value;
        results.ContainsKey(name).ShouldBeTrue($"node printed no result for {name}");
        results[name].ShouldBeNull();
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private GrpcTestServer? _server;
        private IModuleService? _gateway;
        private ConfigStore? _store;

        public Lazy<Task<IReadOnlyDictionary<string, string?>>> Results { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await GrpcTestServer.StartAsync<InteropTestService>();
            var gatewayPort = FreePort.Next();
            var yaml = $$"""
                gateway:
                  listen: ["h2c://127.0.0.1:{{gatewayPort}}"]
                  admin:
                    listen: ["http://127.0.0.1:{{FreePort.Next()}}"]
                  routes:
                    - id: grpc
                      match: { path: "/{**rest}" }
                      cluster: rpc
                  clusters:
                    rpc:
                      endpoints: ["{{_server.Address.GetLeftPart(UriPartial.Authority)}}"]
                      httpVersion: "2"
                """;
            var schema = new ConfigSchema()
                .Add<AtriumHostOptions>(AtriumHostOptions.Section)
                .Add<TelemetryOptions>(TelemetryOptions.Section)
                .Add<LoggingOptions>(LoggingOptions.Section, reloadable: true)
                .AddGatewaySection();
            var loaded = ConfigLoader.Load(yaml, "rpc-gateway-test", schema);
            loaded.Errors.ShouldBeEmpty();
            _store = new ConfigStore(loaded.Config!, schema, NullLogger<ConfigStore>.Instance, TimeProvider.System);
            var context = new ModuleContext([GatewayModule.Name], NullLoggerFactory.Instance, TimeProvider.System, TimeSpan.FromSeconds(2));
            context.Share(_store);
            context.Share(SharedTelemetry.Instance);
            _gateway = GatewayModule.Init(context);
            await _gateway.StartAsync(CancellationToken.None);
            Results = new(() => NodePeer.RunClientAsync($"127.0.0.1:{gatewayPort}", InteropCases.All));
        }

        public async Task DisposeAsync()
        {
            if (_gateway is not null)
            {
                await _gateway.StopAsync(CancellationToken.None);
            }

            _store?.Dispose();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
