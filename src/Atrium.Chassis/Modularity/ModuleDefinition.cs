namespace Atrium.Chassis.Modularity;

/// <summary>A registered module: its name, how to wire it, what it needs started first, and who may target it.</summary>
/// <param name="Name">The target name, lower-case (e.g. <c>gateway</c>).</param>
/// <param name="Init">The init function; <see langword="null"/> for a pure group.</param>
/// <param name="Dependencies">Modules that must start before this one and stop after it.</param>
/// <param name="Visibility">Whether it can be targeted.</param>
/// <param name="Description">One line for <c>list-targets</c>.</param>
public sealed record ModuleDefinition(
    string Name,
    ModuleInit? Init,
    IReadOnlyList<string> Dependencies,
    ModuleVisibility Visibility,
    string Description);
