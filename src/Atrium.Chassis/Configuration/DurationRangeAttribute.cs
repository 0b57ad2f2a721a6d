using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// A duration between two bounds, inclusive, with <see cref="RangeAttribute"/>'s message. <c>[Range(typeof(TimeSpan), ...)]</c>
/// converts its bounds through a <c>TypeConverter</c> found by reflection, which the Native AOT gateway cannot rely on;
/// this parses them once, here.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class DurationRangeAttribute : ValidationAttribute
{
    /// <summary>Bounds as <see cref="TimeSpan"/> texts in the invariant culture, e.g. <c>"00:00:00.100"</c> and <c>"1.00:00:00"</c>.</summary>
    /// <param name="minimum">The smallest duration allowed.</param>
    /// <param name="maximum">The largest duration allowed.</param>
    public DurationRangeAttribute(string minimum, string maximum)
        : base("The field {0} must be between {1} and {2}.")
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    /// <summary>The smallest duration allowed.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>The largest duration allowed.</summary>
    public TimeSpan Maximum { get; }

    /// <inheritdoc />
    public override bool IsValid(object? value) => value is not TimeSpan duration || (duration >= Minimum && duration <= Maximum);

    /// <inheritdoc />
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
