using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// The last config load attempts of this gateway's store, newest first: the start-up load, then each reload the
/// <c>atrium.config.reloads</c> counter announces (it is recorded right after the store sets its status). Meters are
/// per process, so another store's reload also calls <see cref="Attempted"/>; a status already kept is not kept twice.
/// </summary>
internal sealed class ReloadHistory
{
    /// <summary>How many attempts are kept.</summary>
    public const int Capacity = 10;

    private readonly ConfigStore _store;
    private readonly LinkedList<(ConfigReloadStatus Status, string Source)> _entries = new();
    private readonly Lock _gate = new();

    public ReloadHistory(ConfigStore store)
    {
        _store = store;
        Attempted();
    }

    /// <summary>Keeps the store's latest status when it is new.</summary>
    public void Attempted()
    {
        var status = _store.LastReload;
        var source = _store.ConfigCenter?.Label ?? _store.Current.Source;
        lock (_gate)
        {
            if (_entries.First is { } newest && ReferenceEquals(newest.Value.Status, status))
            {
                return;
            }

            _entries.AddFirst((status, source));
            if (_entries.Count > Capacity)
            {
                _entries.RemoveLast();
            }
        }
    }

    public IReadOnlyList<DashboardReload> Read()
    {
        // A reload between two announcements (none is missed, but the counter may come from another store first).
        Attempted();
        lock (_gate)
        {
            return [.. _entries.Select(e => new DashboardReload(
                e.Status.AttemptedAt, e.Status.Trigger, e.Source, e.Status.Succeeded, [.. e.Status.Errors.Select(x => x.ToString())]))];
        }
    }
}
