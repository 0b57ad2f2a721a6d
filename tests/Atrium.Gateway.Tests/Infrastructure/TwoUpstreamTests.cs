namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>
/// Base for tests that balance between two named upstreams, <see cref="A"/> and <see cref="B"/>: xunit makes a new
/// instance per test, so every test gets fresh upstreams it may break as it likes.
/// </summary>
public abstract class TwoUpstreamTests : IAsyncLifetime
{
    private protected NamedUpstream A { get; private set; } = null!;

    private protected NamedUpstream B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = await NamedUpstream.StartAsync("a");
        B = await NamedUpstream.StartAsync("b");
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
