using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class ClientDisconnectTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.MapGet("/wait", async context =>
        {
            context.RequestAborted.Register(() => _aborted.TrySetResult());
            _started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }));
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: wait, match: { path: /wait }, cluster: up }
            clusters:
            {{RouteYaml.Cluster("up", _upstream.Address)}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Forward_ClientCancels_UpstreamRequestIsAborted()
    {
        using var client = _gateway!.Client();
        using var cancel = new CancellationTokenSource();
        var request = client.GetAsync("/wait", cancel.Token);
        await _started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _aborted.Task.IsCompleted.ShouldBeFalse();

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(request);
        await _aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
