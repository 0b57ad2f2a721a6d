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
/// An upstream on a free loopback port that answers <c>GET /slow/...</c> with 200 and <see cref="Body"/> after
/// <see cref="Delay"/>, and signals when a request has arrived.
/// </summary>
internal sealed class SlowUpstream : IAsyncDisposable
{
    public const string Body = "slow upstream: the whole body";

    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SlowUpstream(WebApplication app) => _app = app;

    public string Address { get; private set; } = "";

    /// <summary>Completes when the first request has reached the upstream.</summary>
    public Task Received => _received.Task;

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
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        _received.TrySetResult();
        await Task.Delay(Delay, context.RequestAborted);
        await context.Response.WriteAsync(Body, context.RequestAborted);
    }
}
