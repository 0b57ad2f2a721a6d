using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>Counts by a label (or a pair of labels joined by <see cref="Separator"/>), added to without a lock.</summary>
internal sealed class LabelledCounts
{
    /// <summary>Joins two labels into one key.</summary>
    public const char Separator = '\u001f';

    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Add(string label, long value) => Interlocked.Add(ref _counts.GetOrAdd(label, static _ => new StrongBox<long>()).Value, value);

    /// <summary>Sets the value (for a gauge, which reports the level rather than an increment).</summary>
    public void Set(string label, long value) => Volatile.Write(ref _counts.GetOrAdd(label, static _ => new StrongBox<long>()).Value, value);

    public void Clear() => _counts.Clear();

    public IReadOnlyList<KeyValuePair<string, long>> Read() =>
        [.. _counts.Select(c => KeyValuePair.Create(c.Key, Volatile.Read(ref c.Value.Value))).OrderBy(c => c.Key, StringComparer.Ordinal)];
}
