using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>A logger whose first entry with event id <paramref name="failingEventId"/> throws: a failure nothing expects.</summary>
internal sealed class FailingLogger(int failingEventId) : ILogger
{
    private int _failed;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == failingEventId && Interlocked.Exchange(ref _failed, 1) == 0)
        {
            throw new InvalidOperationException("the log sink is gone");
        }
    }
}
