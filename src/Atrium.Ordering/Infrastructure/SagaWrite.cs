using Atrium.Chassis.Data.Eventing;
using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// One saga record for <see cref="PostgresSagaJournal"/>: the record as its runner read it (<paramref name="Seen"/>,
/// the check), the record to save (<paramref name="Next"/>), and when it finished, its order as it started
/// (<paramref name="Pending"/>), as it ends (<paramref name="Finished"/>) and the order's event.
/// </summary>
internal sealed record SagaWrite(OrderSaga Seen, OrderSaga Next, Order? Pending = null, Order? Finished = null, OutboxMessage? Event = null);
