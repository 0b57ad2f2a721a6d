namespace Atrium.Ordering.Domain;

/// <summary>Why an ordering rule refused something; each maps to a chassis error code at the API.</summary>
internal enum OrderingErrors
{
    /// <summary>A malformed order (no lines, a non-positive quantity, mixed currencies).</summary>
    InvalidOrder,

    /// <summary>A transition the order's or saga's state does not allow.</summary>
    IllegalTransition,
}
