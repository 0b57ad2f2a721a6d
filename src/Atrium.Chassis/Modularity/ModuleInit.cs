namespace Atrium.Chassis.Modularity;

/// <summary>
/// Wires one module: builds its services and endpoints and returns what must be started and stopped, or
/// <see langword="null"/> for a module that only groups others (such as <c>all</c>).
/// </summary>
public delegate IModuleService? ModuleInit(ModuleContext context);
