using Atrium.Ordering.Application;

namespace Atrium.Ordering.Tests.Application;

public sealed class OrderChangesTests
{
    private readonly OrderChanges _changes = new();
    private readonly Guid _order = Guid.NewGuid();

    [Fact]
    public void Changed_TwoReaders_WakesBoth()
    {
        var first = _changes.WhenChanged(_order);
        var second = _changes.WhenChanged(_order);

        _changes.Changed(_order);

        first.IsCompleted.ShouldBeTrue();
        second.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public void Changed_AnotherOrder_WakesNobody()
    {
        var waiting = _changes.WhenChanged(_order);

        _changes.Changed(Guid.NewGuid());

        waiting.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void WhenChanged_AfterAChange_WaitsForTheNextOne()
    {
        _changes.WhenChanged(_order);
        _changes.Changed(_order);

        _changes.WhenChanged(_order).IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void Forget_ReaderGaveUp_TheNextReaderWaitsAfresh()
    {
        var abandoned = _changes.WhenChanged(_order);

        _changes.Forget(_order, abandoned);
        var next = _changes.WhenChanged(_order);
        _changes.Changed(_order);

        next.ShouldNotBeSameAs(abandoned);
        next.IsCompleted.ShouldBeTrue();
        abandoned.IsCompleted.ShouldBeFalse();
    }
}
