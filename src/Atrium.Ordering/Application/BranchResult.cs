namespace Atrium.Ordering.Application;

/// <summary>What a branch call returned to the saga.</summary>
/// <param name="Outcome">Succeeded, refused for good, or worth another try.</param>
/// <param name="Reason">For a refusal, the cancellation reason code; for a transient failure, what went wrong (for logs).</param>
internal readonly record struct BranchResult(BranchOutcome Outcome, string? Reason = null)
{
    public static BranchResult Ok { get; } = new(BranchOutcome.Succeeded);

    public static BranchResult Refused(string reason) => new(BranchOutcome.Refused, reason);

    public static BranchResult Transient(string detail) => new(BranchOutcome.Transient, detail);
}
