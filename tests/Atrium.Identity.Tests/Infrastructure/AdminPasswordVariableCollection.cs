namespace Atrium.Identity.Tests.Infrastructure;

/// <summary>
/// Tests that set <c>ATRIUM_ADMIN_PASSWORD</c>, or need it unset, run alone: every identity module that starts reads
/// the process's variable, and one too short stops it from starting.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AdminPasswordVariableCollection
{
    public const string Name = "ATRIUM_ADMIN_PASSWORD";
}
