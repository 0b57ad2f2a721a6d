using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class TimeoutSourcesTests
{
    [Fact]
    public void Rent_AfterAnUncancelledLease_ReusesTheSourceWithoutTheEarlierRegistrations()
    {
        var sources = new TimeoutSources();
        var earlierFired = false;
        CancellationTokenSource first;
        using (var lease = sources.Rent())
        {
            first = lease.Source;
            first.CancelAfter(TimeSpan.FromHours(1));
            first.Token.Register(() => earlierFired = true);
        }

        using var next = sources.Rent();
        next.Source.ShouldBeSameAs(first);
        next.Source.IsCancellationRequested.ShouldBeFalse();
        next.Source.Cancel();
        earlierFired.ShouldBeFalse();
    }

    [Fact]
    public void Rent_AfterACancelledLease_GivesAnotherSource()
    {
        var sources = new TimeoutSources();
        CancellationTokenSource first;
        using (var lease = sources.Rent())
        {
            first = lease.Source;
            first.Cancel();
        }

        using var next = sources.Rent();
        next.Source.ShouldNotBeSameAs(first);
        next.Source.IsCancellationRequested.ShouldBeFalse();
    }
}
