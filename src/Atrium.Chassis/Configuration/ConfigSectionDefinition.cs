namespace Atrium.Chassis.Configuration;

/// <summary>One top-level section of <c>atrium.yaml</c> registered in a <see cref="ConfigSchema"/>.</summary>
/// <param name="Name">The top-level YAML key, e.g. <c>gateway</c>.</param>
/// <param name="OptionsType">The class the section binds to.</param>
/// <param name="Reloadable">Whether a changed value is applied at runtime (<c>true</c>) or only after a restart.</param>
public sealed record ConfigSectionDefinition(string Name, Type OptionsType, bool Reloadable);
