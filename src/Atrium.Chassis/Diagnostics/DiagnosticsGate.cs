using Atrium.Chassis.Errors;

namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// One trace or dump at a time per process. Both are process-wide and heavy (an EventPipe session's buffers, a dump's
/// pause and disk), and the listeners of one process share them, so the gate is static: a second caller gets 409
/// <c>CONFLICT</c> naming what runs, instead of doubling the cost on a process that is probably already in trouble.
/// </summary>
internal sealed class DiagnosticsGate : IDisposable
{
    private static string? s_running;
    private int _released;

    private DiagnosticsGate()
    {
    }

    /// <summary>Takes the gate for <paramref name="activity"/>; throws 409 <c>CONFLICT</c> while another one holds it.</summary>
    public static DiagnosticsGate Enter(string activity)
    {
        var running = Interlocked.CompareExchange(ref s_running, activity, null);
        return running is null
            ? new DiagnosticsGate()
            : throw new AtriumException(ErrorCodes.Conflict, $"A {running} is already running in this process; one trace or dump at a time, retry when it ends.");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Volatile.Write(ref s_running, null);
        }
    }
}
