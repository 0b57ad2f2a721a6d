namespace Atrium.Payments.Domain;

/// <summary>A payments rule refused an operation.</summary>
internal sealed class PaymentsDomainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PaymentsDomainException(PaymentsErrors error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Which rule.</summary>
    public PaymentsErrors Error { get; }
}
