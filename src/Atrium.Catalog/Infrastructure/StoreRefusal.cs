namespace Atrium.Catalog.Infrastructure;

/// <summary>Why the database refused an <see cref="EscrowBatch"/>, in terms both providers share.</summary>
internal enum StoreRefusal
{
    /// <summary>Not a refusal the caller expects: a real failure.</summary>
    None,

    /// <summary>A key that exists already: the barrier row of a repeated call.</summary>
    Duplicate,

    /// <summary>A check or not-null constraint: a stock change past what the row holds, or a reservation no longer held.</summary>
    Violated,
}
