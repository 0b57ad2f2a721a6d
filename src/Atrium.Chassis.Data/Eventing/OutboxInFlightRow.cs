namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// A row the relay published through a delivery-tracking transport and still holds claimed with
/// <paramref name="Token"/> until every subscription acknowledges it, or until <paramref name="Deadline"/>.
/// </summary>
internal sealed record OutboxInFlightRow(OutboxMessage Row, Guid Token, Task Acknowledged, DateTimeOffset Deadline);
