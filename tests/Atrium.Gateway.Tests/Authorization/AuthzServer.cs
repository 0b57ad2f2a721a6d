using System.Collections.Concurrent;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Authorization;

/// <summary>
/// An HTTP authorization service on loopback: every call is counted and its request kept, and answered by the
/// <see cref="Answer"/> the test sets (a 200 by default). <see cref="Hold"/> keeps calls unanswered until disposal.
/// </summary>
internal sealed class AuthzServer : IAsyncDisposable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    private AuthzServer()
    {
    }

    public Upstream Upstream { get; private set; } = null!;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The calls as the service saw them, in arrival order.</summary>
    public ConcurrentQueue<EchoResponse> Seen { get; } = new();

    /// <summary>Answers each call; the default allows with no headers.</summary>
    public Func<HttpContext, Task> Answer { get; set; } = static _ => Task.CompletedTask;

    /// <summary>While set, calls wait (for the gateway's timeout) instead of being answered.</summary>
    public bool Hold { get; set; }

    public static async Task<AuthzServer> StartAsync()
    {
        var server = new AuthzServer();
        server.Upstream = await Upstream.StartAsync(app => app.Map("/{**path}", server.HandleAsync));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await Upstream.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        var request = context.Request;
        Seen.Enqueue(new EchoResponse(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.Host.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray(), StringComparer.OrdinalIgnoreCase)));
        if (Hold)
        {
            await _released.Task.WaitAsync(context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
            return;
        }

        await Answer(context);
    }
}
