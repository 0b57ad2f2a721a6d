using Atrium.Contracts.Events;
using System.CommandLine;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using RabbitMQ.Client.Exceptions;

namespace Atrium.Commands;

/// <summary>
/// <c>atrium events dead-letters --consumer NAME [--replay] [--max N] [--json] [--config FILE]</c>: lists the dead
/// letters of one subscription on the RabbitMQ broker of the config (loaded as <c>run</c> loads it), or with
/// <c>--replay</c> moves them back to the subscription's queue. Exit code 0 when done; 1 when the config is invalid, its
/// transport is not RabbitMQ or the broker cannot be reached; 2 for a consumer without a dead-letter queue.
/// </summary>
internal static class DeadLettersCommand
{
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;
    private const int DefaultMax = 100;

    public static Command Create(IReadOnlyDictionary<string, string?> environment)
    {
        var consumer = new Option<string>("--consumer")
        {
            Description = "The subscription whose dead letters to read, e.g. " + EventSubscriptions.All[0].Name + ".",
            Required = true,
        };
        var replay = new Option<bool>("--replay") { Description = "Move the dead letters back to the subscription's queue instead of listing them." };
        var max = new Option<int>("--max")
        {
            Description = $"At most this many dead letters, oldest first. Default {DefaultMax}.",
            DefaultValueFactory = _ => DefaultMax,
        };
        max.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--max must be at least 1.");
            }
        });
        var json = new Option<bool>("--json") { Description = "List each dead letter as one JSON object per line." };
        var config = new Option<string?>("--config", "-c")
        {
            Description = $"The atrium.yaml to use. Default: ${ConfigSource.EnvironmentVariable}, else the embedded defaults.",
        };
        var command = new Command("dead-letters", "List a subscription's dead letters on the RabbitMQ broker, or replay them.");
        command.Options.Add(consumer);
        command.Options.Add(replay);
        command.Options.Add(max);
        command.Options.Add(json);
        command.Options.Add(config);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new Request(parseResult.GetValue(consumer)!, parseResult.GetValue(replay), parseResult.GetValue(max), parseResult.GetValue(json)),
            parseResult.GetValue(config),
            environment,
            parseResult.InvocationConfiguration,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        Request request, string? configPath, IReadOnlyDictionary<string, string?> environment, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        var error = console.Error;
        var loaded = ConfigSource.Load(configPath, Modules.CreateConfigSchema(), environment);
        if (!loaded.Succeeded)
        {
            ConfigSource.WriteErrors(error, loaded, configPath ?? ConfigSource.Embedded);
            await error.WriteLineAsync($"atrium: the config is invalid ({loaded.Errors.Count} error(s)).").ConfigureAwait(false);
            return ExitFailed;
        }

        var eventing = loaded.Config!.Get<EventingOptions>(EventingOptions.Section);
        if (eventing.Transport != EventTransportKind.RabbitMq)
        {
            await error.WriteLineAsync(
                $"atrium: eventing.transport is {eventing.Transport}, not rabbitmq: the in-process transport keeps no dead letters (set eventing.transport: rabbitmq, or ATRIUM__EVENTING__TRANSPORT=rabbitmq).")
                .ConfigureAwait(false);
            return ExitFailed;
        }

        var deadLetters = new RabbitMqDeadLetters(eventing.Rabbitmq);
        try
        {
            return request.Replay
                ? await ReplayAsync(deadLetters, request, console, cancellationToken).ConfigureAwait(false)
                : await ListAsync(deadLetters, request, console, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or RabbitMQClientException or TimeoutException)
        {
            // The URI's user information is the broker password: name only where it is.
            await error.WriteLineAsync($"atrium: the broker at {Where(eventing.Rabbitmq.Uri)} cannot be reached: {Reason(ex)}").ConfigureAwait(false);
            return ExitFailed;
        }
    }

    private static async Task<int> ListAsync(RabbitMqDeadLetters deadLetters, Request request, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        var letters = await deadLetters.ListAsync(request.Consumer, request.Max, cancellationToken).ConfigureAwait(false);
        if (letters is null)
        {
            return await UnknownAsync(request.Consumer, console.Error).ConfigureAwait(false);
        }

        foreach (var letter in letters)
        {
            await console.Output.WriteLineAsync(request.Json ? DeadLetterText.Json(letter) : DeadLetterText.Line(letter)).ConfigureAwait(false);
        }

        if (!request.Json)
        {
            var more = letters.Count == request.Max ? $" (the first {request.Max}; --max shows more)" : "";
            await console.Output.WriteLineAsync($"{letters.Count} dead letter(s) in {RabbitMqTopology.DeadLetterQueue(request.Consumer)}{more}").ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> ReplayAsync(RabbitMqDeadLetters deadLetters, Request request, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        var moved = await deadLetters.ReplayAsync(request.Consumer, request.Max, cancellationToken).ConfigureAwait(false);
        if (moved is not { } count)
        {
            return await UnknownAsync(request.Consumer, console.Error).ConfigureAwait(false);
        }

        await console.Output.WriteLineAsync($"{count} dead letter(s) replayed to {RabbitMqTopology.Queue(request.Consumer)}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> UnknownAsync(string consumer, TextWriter error)
    {
        await error.WriteLineAsync(
            $"atrium: the broker has no dead-letter queue for consumer '{consumer}'; the consumers are {string.Join(", ", EventSubscriptions.All.Select(s => s.Name))} (each has one once it has run against this broker).")
            .ConfigureAwait(false);
        return ExitUsage;
    }

    private static string Where(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? $"{parsed.Host}:{parsed.Port}{parsed.AbsolutePath}" : "(eventing.rabbitmq.uri)";

    // The client wraps the socket's error: the innermost message says what happened (refused, timed out, access refused).
    private static string Reason(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message;
    }

    private sealed record Request(string Consumer, bool Replay, int Max, bool Json);
}
