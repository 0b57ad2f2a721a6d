using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>
/// An upstream for traffic-policy tests: answers <c>NAME:METHOD:BODY</c> (header <c>X-Upstream: NAME</c>) with a
/// status the test can change, counts the requests it got (not its probes), answers <c>/healthz</c> by
/// <see cref="Healthy"/>, and holds <c>/slow</c> requests until <see cref="ReleaseSlow"/>.
/// </summary>
internal sealed class NamedUpstream : IAsyncDisposable
{
    private readonly Upstream _upstream;
    private int _hits;
    private int _inFlight;
    private volatile int _status = 200;
    private volatile bool _healthy = true;
    private readonly TaskCompletionSource _slow = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NamedUpstream(string name, Upstream upstream)
    {
        Name = name;
        _upstream = upstream;
    }

    public string Name { get; }

    public string Address => _upstream.Address;

    /// <summary>Requests received, probes not included.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Requests being answered now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The status of every answer except probes. Default 200.</summary>
    public int Status
    {
        get => _status;
        set => _status = value;
    }

    /// <summary>Whether <c>/healthz</c> answers 200 (else 503).</summary>
    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public static async Task<NamedUpstream> StartAsync(string name)
    {
        NamedUpstream? self = null;
        var upstream = await Upstream.StartAsync(app =>
        {
            app.MapGet("/healthz", context =>
            {
                context.Response.StatusCode = self!.Healthy ? 200 : 503;
                return Task.CompletedTask;
            });
            app.Map("/{**path}", context => self!.AnswerAsync(context));
        });
        self = new NamedUpstream(name, upstream);
        return self;
    }

    public void ReleaseSlow() => _slow.TrySetResult();

    public ValueTask DisposeAsync()
    {
        ReleaseSlow();
        return _upstream.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _hits);
        Interlocked.Increment(ref _inFlight);
        try
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            if (context.Request.Path.StartsWithSegments("/slow"))
            {
                await _slow.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }

            context.Response.StatusCode = Status;
            context.Response.Headers["X-Upstream"] = Name;
            await context.Response.WriteAsync($"{Name}:{context.Request.Method}:{body}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
