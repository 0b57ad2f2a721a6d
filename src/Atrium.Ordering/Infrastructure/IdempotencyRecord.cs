namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// One <c>Idempotency-Key</c> a user sent with <c>POST /api/orders</c>: the fingerprint of the body it came with and
/// the order it created. Written in the same transaction as the order, so a key exists exactly when its order does.
/// </summary>
internal sealed class IdempotencyRecord
{
    public Guid UserId { get; set; }

    public string Key { get; set; } = "";

    public string Fingerprint { get; set; } = "";

    public Guid OrderId { get; set; }

    public long CreatedAtTicks { get; set; }
}
