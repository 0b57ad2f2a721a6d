using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Signals options that depend on a reloadable section when a reload changed it, so that
/// <see cref="IOptionsMonitor{TOptions}"/> consumers (the logger factory among them) rebuild.
/// </summary>
internal sealed class ConfigChangeTokenSource<TOptions> : IOptionsChangeTokenSource<TOptions>, IDisposable
{
    private readonly ConfigStore _store;
    private readonly string _section;
    private CancellationTokenSource _current = new();

    public ConfigChangeTokenSource(ConfigStore store, string section)
    {
        _store = store;
        _section = section;
        _store.Changed += OnChanged;
    }

    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _current).Token);

    public void Dispose()
    {
        _store.Changed -= OnChanged;
        _current.Dispose();
    }

    private void OnChanged(object? sender, ConfigChangedEventArgs e)
    {
        if (!e.ChangedSections.Contains(_section))
        {
            return;
        }

        var previous = Interlocked.Exchange(ref _current, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }
}
