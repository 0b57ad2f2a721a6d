namespace Atrium.Chassis.Configuration;

/// <summary>The outcome of <see cref="ConfigStore.Reload"/>.</summary>
/// <param name="Succeeded">Whether the file loaded and validated; on failure the previous snapshot stays current.</param>
/// <param name="Errors">Every error found; empty on success.</param>
/// <param name="ChangedSections">Reloadable sections whose new values were applied.</param>
/// <param name="RestartRequiredSections">Non-reloadable sections that changed on disk; their running values were kept.</param>
public sealed record ConfigReloadResult(
    bool Succeeded,
    IReadOnlyList<ConfigError> Errors,
    IReadOnlyList<string> ChangedSections,
    IReadOnlyList<string> RestartRequiredSections);
