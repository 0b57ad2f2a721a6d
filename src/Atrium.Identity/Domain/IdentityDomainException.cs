namespace Atrium.Identity.Domain;

/// <summary>An identity rule refused an operation.</summary>
internal sealed class IdentityDomainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IdentityDomainException(IdentityErrors error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Which rule.</summary>
    public IdentityErrors Error { get; }
}
