namespace Atrium.Chassis.Configuration;

/// <summary>Raised by <see cref="ConfigStore.Changed"/> after a reload applied new values to reloadable sections.</summary>
/// <param name="previous">The snapshot that was current before the reload.</param>
/// <param name="current">The snapshot now current.</param>
/// <param name="changedSections">Names of the sections with new values: reloadable ones, and others whose live keys changed.</param>
public sealed class ConfigChangedEventArgs(AtriumConfig previous, AtriumConfig current, IReadOnlyList<string> changedSections)
    : EventArgs
{
    /// <summary>The snapshot that was current before the reload.</summary>
    public AtriumConfig Previous { get; } = previous;

    /// <summary>The snapshot now current.</summary>
    public AtriumConfig Current { get; } = current;

    /// <summary>
    /// Names of the sections with new values, in schema order: reloadable ones, and others whose
    /// <see cref="ReloadableAttribute"/> keys changed.
    /// </summary>
    public IReadOnlyList<string> ChangedSections { get; } = changedSections;
}
