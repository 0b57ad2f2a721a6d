namespace Atrium.Chassis.Data.Eventing;

/// <summary>What a failed publish leaves on its outbox row: when to try again, and the error (already cut to length).</summary>
internal sealed record OutboxFailure(DateTimeOffset NextAttemptAt, string Error);
