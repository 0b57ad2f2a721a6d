using Atrium.Catalog.Domain;
using Atrium.Chassis.Errors;

namespace Atrium.Catalog.Api;

/// <summary>
/// Maps catalog rule failures to the chassis error table, for the HTTP API and the gRPC API alike: not found →
/// NOT_FOUND, a late try or a taken SKU → CONFLICT (gRPC ABORTED), a bad figure → VALIDATION_FAILED, and a refused
/// business rule (insufficient stock, a reservation no longer held) → BUSINESS_RULE_VIOLATED (gRPC FAILED_PRECONDITION).
/// </summary>
internal static class CatalogErrorMapping
{
    public static AtriumException ToAtrium(CatalogDomainException exception) => new(
        exception.Error switch
        {
            CatalogErrors.ProductNotFound or CatalogErrors.ReservationNotFound => ErrorCodes.NotFound,
            CatalogErrors.TryAfterCancel or CatalogErrors.SkuTaken => ErrorCodes.Conflict,
            CatalogErrors.InvalidStock or CatalogErrors.InvalidPrice or CatalogErrors.InvalidReservation => ErrorCodes.ValidationFailed,
            CatalogErrors.InsufficientStock or CatalogErrors.ReservationNotHeld => ErrorCodes.BusinessRuleViolated,
            _ => ErrorCodes.BusinessRuleViolated,
        },
        exception.Message,
        exception);

    /// <summary>Runs <paramref name="action"/>, turning a <see cref="CatalogDomainException"/> into its <see cref="AtriumException"/>.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (CatalogDomainException ex)
        {
            throw ToAtrium(ex);
        }
    }
}
