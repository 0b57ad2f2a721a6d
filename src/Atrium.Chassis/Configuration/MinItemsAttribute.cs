using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// A list with at least <see cref="Length"/> items, with <see cref="MinLengthAttribute"/>'s message. That attribute
/// looks for a <c>Count</c> property by reflection, which the Native AOT gateway cannot rely on; config lists are
/// collections.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MinItemsAttribute(int length) : ValidationAttribute("The field {0} must be a string or array type with a minimum length of '{1}'.")
{
    /// <summary>The fewest items allowed.</summary>
    public int Length { get; } = length;

    /// <inheritdoc />
    public override bool IsValid(object? value) => value is not ICollection items || items.Count >= Length;

    /// <inheritdoc />
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Length);
}
