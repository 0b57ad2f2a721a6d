using System.Collections.Concurrent;

namespace Atrium.Gateway.Traffic;

/// <summary>
/// Per-subject token budgets of an <c>llm</c> route: fixed windows of <c>budgetWindow</c> on the gateway's clock. A
/// request is admitted while its subject has spent less than the budget; what it spends is known only from its answer,
/// so the last admitted request may overshoot, and the overshoot counts against the window.
/// </summary>
internal sealed class TokenBudgets(long budget, TimeSpan window, TimeProvider time)
{
    /// <summary>Past this many subjects, those of past windows are forgotten.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Spent> _spent = new(StringComparer.Ordinal);

    public long Budget => budget;

    /// <summary>Whether the subject may send; when not, how long until its window ends.</summary>
    public bool HasRemaining(string subject, out TimeSpan retryAfter)
    {
        var (index, ends) = Window();
        retryAfter = ends;
        return !_spent.TryGetValue(subject, out var spent) || spent.Used(index) < budget;
    }

    public void Spend(string subject, long tokens)
    {
        var (index, _) = Window();
        if (_spent.Count > PruneAbove)
        {
            foreach (var (key, old) in _spent)
            {
                if (old.Index < index)
                {
                    _spent.TryRemove(key, out _);
                }
            }
        }

        _spent.GetOrAdd(subject, static _ => new Spent()).Add(index, tokens);
    }

    private (long Index, TimeSpan Remaining) Window()
    {
        var now = time.GetUtcNow().UtcTicks;
        var index = now / window.Ticks;
        return (index, TimeSpan.FromTicks(((index + 1) * window.Ticks) - now));
    }

    private sealed class Spent
    {
        private readonly Lock _lock = new();
        private long _used;

        public long Index { get; private set; }

        public long Used(long index)
        {
            lock (_lock)
            {
                return Index == index ? _used : 0;
            }
        }

        public void Add(long index, long tokens)
        {
            lock (_lock)
            {
                if (Index != index)
                {
                    Index = index;
                    _used = 0;
                }

                _used += tokens;
            }
        }
    }
}
