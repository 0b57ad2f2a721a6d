namespace Atrium.Catalog.Domain;

/// <summary>
/// The stock one distributed transaction holds: every line or none. Held until confirmed or released; a held
/// reservation that is not confirmed by <see cref="ExpiresAt"/> is released by the expiry sweep.
/// </summary>
internal sealed class Reservation
{
#pragma warning disable IDE0044 // The persistence layer sets it when it loads a reservation.
    private List<ReservationLine> _lines = [];
#pragma warning restore IDE0044

    // For the persistence layer.
    private Reservation()
    {
        TransactionId = "";
    }

    private Reservation(string transactionId, IReadOnlyList<ReservationLine> lines, DateTimeOffset now, TimeSpan ttl)
    {
        TransactionId = transactionId;
        _lines = [.. lines];
        CreatedAt = now;
        ExpiresAt = now + ttl;
        Status = ReservationStatus.Held;
    }

    /// <summary>The global transaction (order) id.</summary>
    public string TransactionId { get; private set; }

    /// <summary>What is held.</summary>
    public IReadOnlyList<ReservationLine> Lines => _lines;

    /// <summary>Where it is.</summary>
    public ReservationStatus Status { get; private set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When an unconfirmed hold is released.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Holds every line on its product, or throws without holding any.</summary>
    public static Reservation Hold(string transactionId, IReadOnlyList<ReservationLine> lines, IReadOnlyDictionary<Guid, Product> products, DateTimeOffset now, TimeSpan ttl)
    {
        EnsureCanHold(lines, products);
        foreach (var line in lines)
        {
            products[line.ProductId].Reserve(line.Quantity);
        }

        return new Reservation(transactionId, lines, now, ttl);
    }

    /// <summary>
    /// A hold as asked, for a store that moves the units itself and refuses, on its own, a line past what is available
    /// or on a product it does not have (escrow); throws when the lines themselves are not a reservation.
    /// </summary>
    public static Reservation Request(string transactionId, IReadOnlyList<ReservationLine> lines, DateTimeOffset now, TimeSpan ttl)
    {
        EnsureWellFormed(lines);
        return new Reservation(transactionId, lines, now, ttl);
    }

    /// <summary>Throws the refusal <see cref="Hold"/> would give for these products; changes nothing.</summary>
    public static void EnsureCanHold(IReadOnlyList<ReservationLine> lines, IReadOnlyDictionary<Guid, Product> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        EnsureWellFormed(lines);

        // Check every line before touching any product, so a refusal holds nothing.
        foreach (var group in lines.GroupBy(l => l.ProductId))
        {
            if (!products.TryGetValue(group.Key, out var product))
            {
                throw new CatalogDomainException(CatalogErrors.ProductNotFound, $"Product {group.Key} does not exist.");
            }

            var wanted = group.Sum(l => l.Quantity);
            if (wanted > product.Available)
            {
                throw new CatalogDomainException(CatalogErrors.InsufficientStock, $"Only {product.Available} of '{product.Sku}' available.");
            }
        }
    }

    /// <summary>Ships the held stock.</summary>
    public void Confirm(IReadOnlyDictionary<Guid, Product> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        EnsureHeld();
        foreach (var line in _lines)
        {
            products[line.ProductId].Commit(line.Quantity);
        }

        Status = ReservationStatus.Confirmed;
    }

    /// <summary>Marks the held stock shipped where the store has moved the units itself (one statement per product).</summary>
    public void MarkConfirmed()
    {
        EnsureHeld();
        Status = ReservationStatus.Confirmed;
    }

    /// <summary>Gives the held stock back.</summary>
    public void Release(IReadOnlyDictionary<Guid, Product> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        EnsureHeld();
        foreach (var line in _lines)
        {
            products[line.ProductId].Release(line.Quantity);
        }

        Status = ReservationStatus.Released;
    }

    /// <summary>Marks the held stock given back where the store has moved the units itself (one statement per product).</summary>
    public void MarkReleased()
    {
        EnsureHeld();
        Status = ReservationStatus.Released;
    }

    private static void EnsureWellFormed(IReadOnlyList<ReservationLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new CatalogDomainException(CatalogErrors.InvalidReservation, "A reservation needs at least one line.");
        }

        foreach (var line in lines)
        {
            if (line.Quantity <= 0)
            {
                throw new CatalogDomainException(CatalogErrors.InvalidReservation, "Quantities must be positive.");
            }
        }
    }

    /// <summary>Throws the refusal a confirm or release of this reservation gets when it is no longer held.</summary>
    public void EnsureHeld()
    {
        if (Status != ReservationStatus.Held)
        {
            throw new CatalogDomainException(CatalogErrors.ReservationNotHeld, $"The reservation is {Status}, not Held.");
        }
    }
}
