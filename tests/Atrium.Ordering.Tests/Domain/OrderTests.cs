using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Tests.Domain;

public sealed class OrderTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Place_ValidLines_IsPendingWithTheTotalOfTheLines()
    {
        var id = Guid.NewGuid();
        var user = Guid.NewGuid();
        var lines = new[] { Line(2, 1_250), Line(3, 100), Line(1, 0) };

        var order = Order.Place(id, user, lines, Now);

        order.Id.ShouldBe(id);
        order.UserId.ShouldBe(user);
        order.Status.ShouldBe(OrderStatus.Pending);
        order.Reason.ShouldBeNull();
        order.Lines.ShouldBe(lines);
        order.TotalAmount.ShouldBe(2_800);
        order.Currency.ShouldBe("USD");
        order.Total.ShouldBe(new Money(2_800, "USD"));
        order.CreatedAt.ShouldBe(Now);
        order.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Place_LinesListChangedAfterwards_KeepsItsOwnCopy()
    {
        var lines = new List<OrderLine> { Line(1, 10) };

        var order = Order.Place(Guid.NewGuid(), Guid.NewGuid(), lines, Now);
        lines.Add(Line(5, 10));

        order.Lines.Count.ShouldBe(1);
    }

    [Fact]
    public void Place_NoLines_ThrowsInvalidOrder() =>
        ShouldBeInvalid([]).Message.ShouldBe("An order needs at least one line.");

    [Theory]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    [InlineData(1, -1)]
    public void Place_NonPositiveQuantityOrNegativePrice_ThrowsInvalidOrder(int quantity, long price) =>
        ShouldBeInvalid([Line(1, 10), Line(quantity, price)]).Message.ShouldBe("Quantities must be positive and prices not negative.");

    [Fact]
    public void Place_MixedCurrencies_ThrowsInvalidOrder() =>
        ShouldBeInvalid([Line(1, 10), new OrderLine(Guid.NewGuid(), 1, new Money(10, "EUR"))]).Message.ShouldBe("Every line of an order must be in one currency.");

    [Theory]
    [InlineData(long.MaxValue, 2, 1)]
    [InlineData((long.MaxValue / 2) + 1, 1, 2)]
    public void Place_TotalBeyondTheLargestAmount_ThrowsInvalidOrder(long price, int quantity, int lines)
    {
        // Today the checked arithmetic escapes as OverflowException, which OrderPlacement does not map (a 500).
        var ex = Should.Throw<OrderingDomainException>(() => Order.Place(Guid.NewGuid(), Guid.NewGuid(), [.. Enumerable.Range(0, lines).Select(_ => Line(quantity, price))], Now));

        ex.Error.ShouldBe(OrderingErrors.InvalidOrder);
    }

    [Fact]
    public void Place_NullLines_ThrowsArgumentNull() =>
        Should.Throw<ArgumentNullException>(() => Order.Place(Guid.NewGuid(), Guid.NewGuid(), null!, Now));

    [Fact]
    public void Confirm_Pending_IsConfirmedAtThatTime()
    {
        var order = NewOrder();

        order.Confirm(Now.AddSeconds(3));

        order.Status.ShouldBe(OrderStatus.Confirmed);
        order.Reason.ShouldBeNull();
        order.UpdatedAt.ShouldBe(Now.AddSeconds(3));
        order.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Cancel_Pending_IsCancelledWithTheReason()
    {
        var order = NewOrder();

        order.Cancel(CancellationReasons.OutOfStock, Now.AddSeconds(1));

        order.Status.ShouldBe(OrderStatus.Cancelled);
        order.Reason.ShouldBe(CancellationReasons.OutOfStock);
        order.UpdatedAt.ShouldBe(Now.AddSeconds(1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Cancel_BlankReason_ThrowsAndStaysPending(string reason)
    {
        var order = NewOrder();

        Should.Throw<ArgumentException>(() => order.Cancel(reason, Now));

        order.Status.ShouldBe(OrderStatus.Pending);
    }

    [Theory]
    [InlineData(OrderStatus.Confirmed, OrderStatus.Confirmed)]
    [InlineData(OrderStatus.Confirmed, OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Confirmed)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Cancelled)]
    public void Transition_FromATerminalStatus_ThrowsIllegalTransitionAndChangesNothing(Enum fromValue, Enum toValue)
    {
        var from = (OrderStatus)fromValue;
        var to = (OrderStatus)toValue;
        var order = NewOrder();
        Move(order, from, Now.AddSeconds(1));

        var ex = Should.Throw<OrderingDomainException>(() => Move(order, to, Now.AddSeconds(2)));

        ex.Error.ShouldBe(OrderingErrors.IllegalTransition);
        ex.Message.ShouldBe($"Order {order.Id} is {from}; it cannot become {to}.");
        order.Status.ShouldBe(from);
        order.UpdatedAt.ShouldBe(Now.AddSeconds(1));
    }

    private static void Move(Order order, OrderStatus to, DateTimeOffset at)
    {
        if (to == OrderStatus.Confirmed)
        {
            order.Confirm(at);
        }
        else
        {
            order.Cancel(CancellationReasons.InsufficientFunds, at);
        }
    }

    private static OrderingDomainException ShouldBeInvalid(OrderLine[] lines)
    {
        var ex = Should.Throw<OrderingDomainException>(() => Order.Place(Guid.NewGuid(), Guid.NewGuid(), lines, Now));
        ex.Error.ShouldBe(OrderingErrors.InvalidOrder);
        return ex;
    }

    private static Order NewOrder() => Order.Place(Guid.NewGuid(), Guid.NewGuid(), [Line(1, 500)], Now);

    private static OrderLine Line(int quantity, long price) => new(Guid.NewGuid(), quantity, new Money(price, "USD"));
}
