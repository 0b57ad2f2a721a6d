namespace Atrium.Ordering.Domain;

/// <summary>How a call to a saga branch (a service the saga drives) ended.</summary>
internal enum BranchOutcome
{
    /// <summary>The branch did what was asked (or had done it already).</summary>
    Succeeded,

    /// <summary>The branch refused for a business reason; asking again gives the same answer.</summary>
    Refused,

    /// <summary>The outcome is unknown or the branch is unavailable (timeout, connection refused, overload): ask again later.</summary>
    Transient,
}
