using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// The real gateway in front of a <see cref="RecordingUpstream"/>: the catch-all route <c>all</c> and the route
/// <c>slashes</c> (<c>/slashes/{**rest}</c>, <c>allowEncodedSlashes: true</c>), each naming itself in <c>X-Route</c>.
/// </summary>
public sealed class CorpusFixture : IAsyncLifetime
{
    private RecordingUpstream? _upstream;
    private GatewayHost? _gateway;

    internal RecordingUpstream Upstream => _upstream!;

    internal GatewayHost Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        _upstream = RecordingUpstream.Start();
        _gateway = await GatewayHost.StartAsync(Routes());
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _upstream!.DisposeAsync();
    }

    private string Routes() => $$"""
        routes:
        {{RouteYaml.Tagged("all", "{ path: '/{**rest}' }", "recorder")}}
        {{RouteYaml.Tagged("slashes", "{ path: '/slashes/{**rest}' }", "recorder", "  allowEncodedSlashes: true")}}
        clusters:
        {{RouteYaml.Cluster("recorder", _upstream!.Address)}}
        """;
}
