namespace Atrium.Ordering.Domain;

/// <summary>
/// An order: what was bought at which price, by whom, and where it is. Created Pending; the saga moves it to
/// Confirmed or Cancelled exactly once, and any other transition throws.
/// </summary>
internal sealed class Order
{
#pragma warning disable IDE0044 // The persistence layer sets it when it loads an order.
    private List<OrderLine> _lines = [];
#pragma warning restore IDE0044

    // For the persistence layer.
    private Order()
    {
        Currency = "";
    }

    private Order(Guid id, Guid userId, IReadOnlyList<OrderLine> lines, long total, DateTimeOffset now)
    {
        Id = id;
        UserId = userId;
        _lines = [.. lines];
        Currency = lines[0].UnitPrice.Currency;
        TotalAmount = total;
        Status = OrderStatus.Pending;
        CreatedAt = now;
        UpdatedAt = now;
    }

    /// <summary>The order id, also the saga's global transaction id.</summary>
    public Guid Id { get; private set; }

    /// <summary>Who placed it.</summary>
    public Guid UserId { get; private set; }

    /// <summary>What was ordered.</summary>
    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>The total in minor units of <see cref="Currency"/>.</summary>
    public long TotalAmount { get; private set; }

    /// <summary>The currency of every line and the total.</summary>
    public string Currency { get; private set; }

    /// <summary>The sum of the lines.</summary>
    public Money Total => new(TotalAmount, Currency);

    /// <summary>Where it is.</summary>
    public OrderStatus Status { get; private set; }

    /// <summary>Why it was cancelled (a <see cref="CancellationReasons"/> code), else <see langword="null"/>.</summary>
    public string? Reason { get; private set; }

    /// <summary>When it was placed.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When its status last changed.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Places an order. Lines must be non-empty, with positive quantities and one currency.</summary>
    /// <exception cref="OrderingDomainException">The lines break a rule.</exception>
    public static Order Place(Guid id, Guid userId, IReadOnlyList<OrderLine> lines, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new OrderingDomainException(OrderingErrors.InvalidOrder, "An order needs at least one line.");
        }

        if (lines.Any(l => l.Quantity <= 0 || l.UnitPrice.Amount < 0))
        {
            throw new OrderingDomainException(OrderingErrors.InvalidOrder, "Quantities must be positive and prices not negative.");
        }

        if (lines.Select(l => l.UnitPrice.Currency).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            throw new OrderingDomainException(OrderingErrors.InvalidOrder, "Every line of an order must be in one currency.");
        }

        long total;
        try
        {
            total = lines.Sum(l => checked(l.UnitPrice.Amount * l.Quantity));
        }
        catch (OverflowException)
        {
            throw new OrderingDomainException(OrderingErrors.InvalidOrder, "The order's total is too large.");
        }

        return new Order(id, userId, lines, total, now);
    }

    /// <summary>A copy to move on while this one stays as it was read (the lines, which never change, are shared).</summary>
    public Order Copy() => (Order)MemberwiseClone();

    /// <summary>Pending → Confirmed.</summary>
    /// <exception cref="OrderingDomainException">The order is not Pending.</exception>
    public void Confirm(DateTimeOffset now)
    {
        EnsurePending(OrderStatus.Confirmed);
        Status = OrderStatus.Confirmed;
        UpdatedAt = now;
    }

    /// <summary>Pending → Cancelled, with a reason code.</summary>
    /// <exception cref="OrderingDomainException">The order is not Pending.</exception>
    public void Cancel(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        EnsurePending(OrderStatus.Cancelled);
        Status = OrderStatus.Cancelled;
        Reason = reason;
        UpdatedAt = now;
    }

    private void EnsurePending(OrderStatus target)
    {
        if (Status != OrderStatus.Pending)
        {
            throw new OrderingDomainException(OrderingErrors.IllegalTransition, $"Order {Id} is {Status}; it cannot become {target}.");
        }
    }
}
