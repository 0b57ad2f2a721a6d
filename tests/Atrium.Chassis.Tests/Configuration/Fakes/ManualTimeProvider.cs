namespace Atrium.Chassis.Tests.Configuration.Fakes;

/// <summary>Fixed wall clock; timers still run on real time (the base implementation).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
