using System.Diagnostics.Tracing;
using System.Globalization;
using System.Threading.Channels;

namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// An in-process <see cref="EventListener"/> on the runtime's <c>System.Runtime</c> event counters (GC, thread pool,
/// lock contention, exceptions, JIT, working set), one per stream. The runtime calls it on its own thread; values go
/// into a small channel that drops the oldest, so a slow reader never holds the runtime up.
/// </summary>
internal sealed class RuntimeCounterListener : EventListener
{
    private const string RuntimeSource = "System.Runtime";

    /// <summary>
    /// Whether the runtime has EventSource at all. A Native AOT build leaves it out unless <c>EventSourceSupport</c> is
    /// set (atrium-gateway does not set it), and then a listener is never told of any source.
    /// </summary>
    public static bool IsSupported =>
        !AppContext.TryGetSwitch("System.Diagnostics.Tracing.EventSource.IsSupported", out var supported) || supported;

    // Initialised before the base constructor, which may already announce System.Runtime.
    private readonly Lock _lock = new();
    private readonly Channel<RuntimeCounter> _values = Channel.CreateBounded<RuntimeCounter>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private EventSource? _announced;
    private readonly Dictionary<string, string?>? _arguments;
    private readonly TimeProvider _time = TimeProvider.System;

    public RuntimeCounterListener(int intervalSeconds, TimeProvider time)
    {
        lock (_lock)
        {
            _time = time;
            _arguments = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["EventCounterIntervalSec"] = intervalSeconds.ToString(CultureInfo.InvariantCulture),
            };
            if (_announced is not null)
            {
                EnableEvents(_announced, EventLevel.Verbose, EventKeywords.All, _arguments);
            }
        }
    }

    /// <summary>The counters' values as the runtime publishes them, interval after interval.</summary>
    public ChannelReader<RuntimeCounter> Values => _values.Reader;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name != RuntimeSource)
        {
            return;
        }

        lock (_lock)
        {
            if (_arguments is null)
            {
                _announced = eventSource;
                return;
            }
        }

        EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All, _arguments);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "EventCounters" || eventData.Payload is not [IDictionary<string, object?> counter, ..])
        {
            return;
        }

        var isRate = counter.TryGetValue("CounterType", out var type) && "Sum".Equals(type as string, StringComparison.Ordinal);
        var value = counter.TryGetValue(isRate ? "Increment" : "Mean", out var raw) ? Convert.ToDouble(raw, CultureInfo.InvariantCulture) : double.NaN;
        _values.Writer.TryWrite(new RuntimeCounter(
            Text(counter, "Name"), Text(counter, "DisplayName"), Text(counter, "DisplayUnits"), isRate, value, _time.GetUtcNow()));
    }

    public override void Dispose()
    {
        _values.Writer.TryComplete();
        base.Dispose();
    }

    private static string Text(IDictionary<string, object?> counter, string key) =>
        counter.TryGetValue(key, out var value) ? value as string ?? "" : "";
}
