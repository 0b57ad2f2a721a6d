using System.CommandLine;

namespace Atrium.Commands;

/// <summary><c>atrium events ...</c>: work with the event transport of a deployment (today its dead letters).</summary>
internal static class EventsCommand
{
    public static Command Create(IReadOnlyDictionary<string, string?> environment)
    {
        var events = new Command("events", "Work with the event transport (eventing.transport: rabbitmq).");
        events.Subcommands.Add(DeadLettersCommand.Create(environment));
        return events;
    }
}
