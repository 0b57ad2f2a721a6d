using Atrium.Ordering.Application.ReadModel;

namespace Atrium.Ordering.Tests.Application.ReadModel;

public sealed class OrderChangesTests
{
    private readonly OrderChanges _changes = new();
    private readonly Guid _order = Guid.NewGuid();

    [Fact]
    public void Changed_TwoReaders_WakesBoth()
    {
        var first = _changes.Join(_order);
        var second = _changes.Join(_order);

        _changes.Changed(_order);

        first.IsCompleted.ShouldBeTrue();
        second.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public void Changed_AnotherOrder_WakesNobody()
    {
        var waiting = _changes.Join(_order);

        _changes.Changed(Guid.NewGuid());

        waiting.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void Join_AfterAChange_WaitsForTheNextOne()
    {
        var before = _changes.Join(_order);
        _changes.Changed(_order);
        _changes.Leave(_order, before);

        _changes.Join(_order).IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void Leave_OneOfTwoReaders_TheOtherIsStillWoken()
    {
        var leaving = _changes.Join(_order);
        var staying = _changes.Join(_order);

        _changes.Leave(_order, leaving);
        _changes.Changed(_order);

        staying.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public void Leave_LastReader_NothingIsKept()
    {
        var first = _changes.Join(_order);
        var second = _changes.Join(_order);

        _changes.Leave(_order, first);
        _changes.Watched.ShouldBe(1);
        _changes.Leave(_order, second);

        _changes.Watched.ShouldBe(0);
    }

    [Fact]
    public void Leave_AfterTheChange_DoesNotTouchTheNextReaders()
    {
        var old = _changes.Join(_order);
        _changes.Changed(_order);
        var next = _changes.Join(_order);

        _changes.Leave(_order, old);
        _changes.Changed(_order);

        next.IsCompleted.ShouldBeTrue();
    }
}
