using System.ComponentModel.DataAnnotations;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Validates eventing options with their DataAnnotations plus cross-field rules, reporting every error at once.</summary>
internal static class OptionsValidation
{
    public static void ThrowIfInvalid(object options, string name, IEnumerable<string> extraErrors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var errors = results.Select(r => r.ErrorMessage ?? "invalid").Concat(extraErrors).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {name}: {string.Join("; ", errors)}", nameof(options));
        }
    }
}
