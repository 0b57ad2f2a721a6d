using Atrium.Catalog.Domain;
using Atrium.Chassis.Errors;

namespace Atrium.Catalog.Api;

/// <summary>Maps catalog rule failures to the chassis error table.</summary>
internal static class CatalogErrorMapping
{
    public static AtriumException ToAtrium(CatalogDomainException exception) => new(
        exception.Error switch
        {
            CatalogErrors.ProductNotFound or CatalogErrors.ReservationNotFound => ErrorCodes.NotFound,
            CatalogErrors.TryAfterCancel or CatalogErrors.SkuTaken => ErrorCodes.Conflict,
            CatalogErrors.InvalidStock or CatalogErrors.InvalidPrice or CatalogErrors.InvalidReservation => ErrorCodes.ValidationFailed,
            _ => ErrorCodes.BusinessRuleViolated,
        },
        exception.Message,
        exception);
}
