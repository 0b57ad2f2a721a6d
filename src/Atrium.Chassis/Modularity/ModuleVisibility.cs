namespace Atrium.Chassis.Modularity;

/// <summary>Whether a module can be named as a target.</summary>
public enum ModuleVisibility
{
    /// <summary>Listed by <c>list-targets</c> and accepted by <c>--target</c>.</summary>
    Public,

    /// <summary>Started only as a dependency of other modules (shared infrastructure).</summary>
    Internal,
}
