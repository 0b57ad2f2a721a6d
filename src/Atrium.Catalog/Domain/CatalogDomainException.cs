namespace Atrium.Catalog.Domain;

/// <summary>A catalog rule refused an operation.</summary>
internal sealed class CatalogDomainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CatalogDomainException(CatalogErrors error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Which rule.</summary>
    public CatalogErrors Error { get; }
}
