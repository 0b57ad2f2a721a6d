using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// An interceptor that wants to know when a context's work in a <see cref="SqliteGroupCommit"/> batch ends: the batch
/// commits or rolls back its own transaction, so EF Core's transaction events do not reach the work's context.
/// </summary>
internal interface IGroupCommitObserver
{
    /// <summary>The work <paramref name="context"/> saved is committed.</summary>
    void Committed(DbContext context);

    /// <summary>Nothing of the work <paramref name="context"/> saved is committed.</summary>
    void RolledBack(DbContext context);
}
