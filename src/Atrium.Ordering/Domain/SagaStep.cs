namespace Atrium.Ordering.Domain;

/// <summary>
/// The step an order saga runs next. Forward: Reserve → Charge → Confirm → Done. A business failure (or the deadline,
/// while a step's outcome is still uncertain) turns it round: Refund → Release → Done, compensating in reverse.
/// </summary>
internal enum SagaStep
{
    /// <summary>Hold the stock (catalog TCC try).</summary>
    Reserve,

    /// <summary>Capture the payment.</summary>
    Charge,

    /// <summary>Commit the held stock (catalog TCC confirm); the order is then Confirmed.</summary>
    Confirm,

    /// <summary>Compensate the charge (a no-op at payments if nothing was captured).</summary>
    Refund,

    /// <summary>Compensate the reservation (TCC cancel; a no-op at catalog if nothing was held); the order is then Cancelled.</summary>
    Release,

    /// <summary>Finished; the order is Confirmed or Cancelled.</summary>
    Done,
}
