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

    /// <summary>Why the <c>slashes</c> route could not be configured (a config schema without the key), or null.</summary>
    internal string? SlashesRouteError { get; private set; }

    public async Task InitializeAsync()
    {
        _upstream = RecordingUpstream.Start();
        try
        {
            _gateway = await GatewayHost.StartAsync(Routes(withSlashesRoute: true));
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("allowEncodedSlashes", StringComparison.Ordinal))
        {
            // The key is new; until the gateway knows it the other cases still run, and the slashes cases fail saying so.
            SlashesRouteError = ex.Message.Split('\n')[1];
            _gateway = await GatewayHost.StartAsync(Routes(withSlashesRoute: false));
        }
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _upstream!.DisposeAsync();
    }

    private string Routes(bool withSlashesRoute) => $$"""
        routes:
        {{RouteYaml.Tagged("all", "{ path: '/{**rest}' }", "recorder")}}
        {{(withSlashesRoute ? RouteYaml.Tagged("slashes", "{ path: '/slashes/{**rest}' }", "recorder", "  allowEncodedSlashes: true") : "")}}
        clusters:
        {{RouteYaml.Cluster("recorder", _upstream!.Address)}}
        """;
}
