namespace Atrium.Chassis.Configuration;

/// <summary>The outcome of <see cref="ConfigStore.Reload"/>.</summary>
/// <param name="Succeeded">Whether the file loaded and validated; on failure the previous snapshot stays current.</param>
/// <param name="Errors">Every error found; empty on success.</param>
/// <param name="ChangedSections">Sections with new values applied: reloadable ones, and others whose <see cref="ReloadableAttribute"/> keys changed.</param>
/// <param name="RestartRequiredSections">Sections with a changed key that is not reloadable; such keys kept their running values.</param>
public sealed record ConfigReloadResult(
    bool Succeeded,
    IReadOnlyList<ConfigError> Errors,
    IReadOnlyList<string> ChangedSections,
    IReadOnlyList<string> RestartRequiredSections)
{
    /// <summary>
    /// The key paths applied: a reloadable section's name (<c>gateway</c>), or a live key of another section
    /// (<c>identity.lockoutMaxFailedAttempts</c>).
    /// </summary>
    public IReadOnlyList<string> ChangedKeys { get; init; } = [];

    /// <summary>The key paths that changed but need a restart (<c>identity.listen</c>); they kept their running values.</summary>
    public IReadOnlyList<string> RestartRequiredKeys { get; init; } = [];
}
