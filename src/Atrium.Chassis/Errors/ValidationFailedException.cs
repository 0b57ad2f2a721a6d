namespace Atrium.Chassis.Errors;

/// <summary>
/// <see cref="ErrorCodes.ValidationFailed"/> with the list of fields at fault; the problem response carries them
/// in its <c>errors</c> member, keyed by field path.
/// </summary>
public sealed class ValidationFailedException : AtriumException
{
    /// <summary>Creates the exception from field errors (field path → messages).</summary>
    public ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
        : base(ErrorCodes.ValidationFailed, Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Messages per field path, e.g. <c>items[0].quantity</c>.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>One field and one message.</summary>
    public static ValidationFailedException ForField(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private static string Describe(IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 1
            ? $"The field '{errors.Keys.First()}' is invalid."
            : $"{errors.Count} fields are invalid.";
    }
}
