using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An upstream on a free loopback port that answers <c>GET /slow/...</c> with 200 and <see cref="Body"/> once the test
/// calls <see cref="Release"/>, and signals when a request has arrived. Held by the test rather than for a fixed
/// delay, so what the test watches while the request is in flight is not a race against the clock.
/// </summary>
internal sealed class SlowUpstream : IAsyncDisposable
{
    public const string Body = "slow upstream: the whole body";

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SlowUpstream(WebApplication app) => _app = app;

    public string Address { get; private set; } = "";

    /// <summary>Completes when the first request has reached the upstream.</summary>
    public Task Received => _received.Task;

    /// <summary>The <c>traceparent</c> header of the first request, once <see cref="Received"/> has completed; empty without one.</summary>
    public string FirstTraceparent { get; private set; } = "";

    /// <summary>Lets every request held so far, and any later one, answer.</summary>
    public void Release() => _released.TrySetResult();

    public static async Task<SlowUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var upstream = new SlowUpstream(builder.Build());
        upstream._app.MapGet("/slow/{**rest}", upstream.HandleAsync);
        await upstream._app.StartAsync();
        upstream.Address = upstream._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        // A test that failed before releasing must not leave its request holding up the stop.
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!_received.Task.IsCompleted)
        {
            FirstTraceparent = context.Request.Headers.TraceParent.ToString();
        }

        _received.TrySetResult();
        await _released.Task.WaitAsync(context.RequestAborted);
        await context.Response.WriteAsync(Body, context.RequestAborted);
    }
}
