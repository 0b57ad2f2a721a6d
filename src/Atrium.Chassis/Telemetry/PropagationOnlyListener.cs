using System.Diagnostics;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Used when no trace exporter is configured: activities are created for Atrium's and the framework's sources, so
/// every log line has a trace id and every outgoing call continues the trace, but traces that start here are not
/// recorded (<see cref="ActivitySamplingResult.PropagationData"/>), so instrumentation skips its tag work.
/// </summary>
internal sealed class PropagationOnlyListener : IDisposable
{
    private readonly ActivityListener _listener;

    public PropagationOnlyListener(IReadOnlyList<string> sources)
    {
        var exact = sources.Where(s => !s.EndsWith('*')).ToHashSet(StringComparer.Ordinal);
        var prefixes = sources.Where(s => s.EndsWith('*')).Select(s => s.TrimEnd('*')).ToArray();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => exact.Contains(source.Name) || prefixes.Any(p => source.Name.StartsWith(p, StringComparison.Ordinal)),
            // A caller's "sampled" flag is kept, as a parent-based sampler would: a downstream service that does export
            // must see the trace as sampled. Traces that start here are not sampled, since nothing here records them.
            Sample = static (ref ActivityCreationOptions<ActivityContext> options) =>
                (options.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.PropagationData,
            SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();
}
