using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>
/// An OpenAI-compatible inference server of the tests' own on a real loopback upstream: <c>/v1/chat/completions</c>
/// and <c>/v1/completions</c>, answered whole or, with <c>"stream": true</c>, as Server-Sent Events (two content
/// chunks, a usage chunk when <c>stream_options.include_usage</c>, then <c>[DONE]</c>). Every answer reports
/// <see cref="TokensPerAnswer"/> tokens. A test can make it answer 429, hold its first token, or hold its second event.
/// </summary>
internal sealed class OpenAiTestServer : IAsyncDisposable
{
    public const int TokensPerAnswer = 20;

    private readonly Upstream _upstream;

    private OpenAiTestServer(Upstream upstream, string name)
    {
        _upstream = upstream;
        Name = name;
    }

    /// <summary>Appears in every answer's content, so a test sees which server answered.</summary>
    public string Name { get; }

    public string Address => _upstream.Address;

    /// <summary>The <c>model</c> of each request that arrived, in order.</summary>
    public ConcurrentQueue<string> Models { get; } = new();

    /// <summary>Answer 429 (with a problem body) instead of a completion.</summary>
    public bool TooManyRequests { get; set; }

    /// <summary>When set, a request's headers are sent, then the first event waits for this.</summary>
    public TaskCompletionSource? HoldFirstToken { get; set; }

    /// <summary>When set, a streamed answer's second event waits for this.</summary>
    public TaskCompletionSource? HoldSecondEvent { get; set; }

    /// <summary>Completed when a request has arrived (and its headers, when held, are sent).</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<OpenAiTestServer> StartAsync(string name)
    {
        OpenAiTestServer? server = null;
        var upstream = await Upstream.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", (HttpContext context) => server!.AnswerAsync(context));
            app.MapPost("/v1/completions", (HttpContext context) => server!.AnswerAsync(context));
        });
        server = new OpenAiTestServer(upstream, name);
        return server;
    }

    public ValueTask DisposeAsync()
    {
        HoldFirstToken?.TrySetResult();
        HoldSecondEvent?.TrySetResult();
        return _upstream.DisposeAsync();
    }

    private static string Chunk(string content) =>
        new JsonObject { ["object"] = "chat.completion.chunk", ["choices"] = new JsonArray(new JsonObject { ["delta"] = new JsonObject { ["content"] = content } }) }
            .ToJsonString();

    private static JsonObject Usage() => new() { ["prompt_tokens"] = 5, ["completion_tokens"] = TokensPerAnswer - 5, ["total_tokens"] = TokensPerAnswer };

    private async Task AnswerAsync(HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var model = request["model"]!.GetValue<string>();
        Models.Enqueue(model);
        if (TooManyRequests)
        {
            Arrived.TrySetResult();
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["message"] = "rate limited by " + Name } });
            return;
        }

        var stream = request["stream"]?.GetValue<bool>() == true;
        context.Response.ContentType = stream ? "text/event-stream" : "application/json";
        if (HoldFirstToken is { } hold)
        {
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            Arrived.TrySetResult();
            await hold.Task.WaitAsync(context.RequestAborted);
        }

        Arrived.TrySetResult();
        var content = $"hello from {Name} ({model})";
        if (!stream)
        {
            var answer = new JsonObject
            {
                ["object"] = "chat.completion",
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content } }),
                ["usage"] = Usage(),
            };
            await context.Response.WriteAsync(answer.ToJsonString());
            return;
        }

        await WriteEventAsync(context, Chunk(content));
        if (HoldSecondEvent is { } second)
        {
            await second.Task.WaitAsync(context.RequestAborted);
        }

        await WriteEventAsync(context, Chunk(" and goodbye"));
        if (request["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            await WriteEventAsync(context, new JsonObject { ["object"] = "chat.completion.chunk", ["choices"] = new JsonArray(), ["usage"] = Usage() }.ToJsonString());
        }

        await WriteEventAsync(context, "[DONE]");
    }

    private static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n");
        await context.Response.Body.FlushAsync();
    }

    /// <summary>A chat completion request body for <paramref name="model"/>.</summary>
    public static string Request(string model, bool stream = false, bool includeUsage = false) =>
        new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
            ["stream"] = stream,
            ["stream_options"] = includeUsage ? new JsonObject { ["include_usage"] = true } : null,
        }.ToJsonString();
}
