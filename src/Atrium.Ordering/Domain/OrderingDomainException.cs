namespace Atrium.Ordering.Domain;

/// <summary>An ordering rule refused an operation.</summary>
internal sealed class OrderingDomainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrderingDomainException(OrderingErrors error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Which rule.</summary>
    public OrderingErrors Error { get; }
}
