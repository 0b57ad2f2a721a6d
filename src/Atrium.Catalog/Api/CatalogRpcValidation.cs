using Atrium.Chassis.Errors;

namespace Atrium.Catalog.Api;

/// <summary>
/// Checks of the catalog's gRPC requests. A gRPC caller sees only the status message, so a malformed request is one
/// INVALID_ARGUMENT (<c>x-error-code: VALIDATION_FAILED</c>) naming every bad field.
/// </summary>
internal static class CatalogRpcValidation
{
    /// <summary>The longest transaction id accepted.</summary>
    public const int MaxTransactionIdLength = 128;

    /// <summary>The most ids one <c>GetProducts</c> call may ask for.</summary>
    public const int MaxProductIds = 1000;

    public static Guid? ParseProductId(string text, string field, Dictionary<string, string[]> errors)
    {
        if (text.Length == 0)
        {
            errors[field] = ["is required"];
            return null;
        }

        if (!Guid.TryParse(text, out var id) || id == Guid.Empty)
        {
            errors[field] = ["is not a product id"];
            return null;
        }

        return id;
    }

    public static void CheckTransactionId(string transactionId, Dictionary<string, string[]> errors)
    {
        if (transactionId.Length is 0 or > MaxTransactionIdLength)
        {
            errors["transaction_id"] = [$"must be 1 to {MaxTransactionIdLength} characters"];
        }
    }

    public static void ThrowIfInvalidTransactionId(string transactionId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckTransactionId(transactionId, errors);
        ThrowIfInvalid(errors);
    }

    public static void ThrowIfInvalid(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new AtriumException(
                ErrorCodes.ValidationFailed,
                "Invalid request: " + string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")) + ".");
        }
    }
}
