namespace Atrium.Ordering.Domain;

/// <summary>What a branch call returned to the saga.</summary>
/// <param name="Outcome">Succeeded, refused for good, or worth another try.</param>
/// <param name="Reason">For a refusal, the cancellation reason code; for a transient failure, what went wrong (for logs).</param>
internal readonly record struct BranchResult(BranchOutcome Outcome, string? Reason = null)
{
    /// <summary>The branch did what was asked.</summary>
    public static BranchResult Ok { get; } = new(BranchOutcome.Succeeded);

    /// <summary>The branch refused for good, with a <see cref="CancellationReasons"/> code.</summary>
    public static BranchResult Refused(string reason) => new(BranchOutcome.Refused, reason);

    /// <summary>The outcome is unknown; <paramref name="detail"/> says what went wrong, for the logs.</summary>
    public static BranchResult Transient(string detail) => new(BranchOutcome.Transient, detail);
}
