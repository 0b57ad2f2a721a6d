namespace Atrium.Chassis.Configuration;

/// <summary>
/// A section's options as the running config has them: <see cref="Current"/> follows every reload that changed the
/// section (its <see cref="ReloadableAttribute"/> keys, the rest keeping their running values), at the cost of a
/// volatile read. What a consumer keeps from start (a listener, a connection) stays as it was.
/// </summary>
/// <typeparam name="T">The section's options class.</typeparam>
public sealed class LiveOptions<T> : IDisposable
    where T : class
{
    private readonly ConfigStore? _store;
    private readonly string _section = "";
    private volatile T _current;

    /// <summary>Follows <paramref name="section"/> of <paramref name="store"/> until disposed.</summary>
    public LiveOptions(ConfigStore store, string section)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        _store = store;
        _section = section;
        // Subscribed before the first read, so that a reload in between is not missed.
        _store.Changed += OnChanged;
        _current = store.Current.Get<T>(section);
    }

    /// <summary>A value that never changes, for a host that wires a module's parts without a config store.</summary>
    public LiveOptions(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _current = value;
    }

    /// <summary>The section's current value. Read it once per unit of work: it can be swapped at any moment.</summary>
    public T Current => _current;

    /// <summary>Stops following the store.</summary>
    public void Dispose()
    {
        if (_store is not null)
        {
            _store.Changed -= OnChanged;
        }
    }

    private void OnChanged(object? sender, ConfigChangedEventArgs e)
    {
        if (e.ChangedSections.Contains(_section))
        {
            _current = e.Current.Get<T>(_section);
        }
    }
}
