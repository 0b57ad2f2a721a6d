namespace Atrium.Chassis.Modularity;

/// <summary>The outcome of resolving targets: the modules to run in start order, or why that is impossible.</summary>
/// <param name="StartOrder">Every module to run, each after its dependencies.</param>
/// <param name="Errors">What was wrong with the targets; empty on success.</param>
public sealed record ModuleResolution(IReadOnlyList<ModuleDefinition> StartOrder, IReadOnlyList<string> Errors)
{
    /// <summary>Whether the targets resolved.</summary>
    public bool Succeeded => Errors.Count == 0;
}
