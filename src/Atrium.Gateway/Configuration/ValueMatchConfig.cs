using Atrium.Chassis.Configuration;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Atrium.Gateway.Configuration;

/// <summary>A condition on a header or query parameter (<c>match.headers[i]</c>, <c>match.query[i]</c>).</summary>
public sealed class ValueMatchConfig : IValidatableConfig
{
    /// <summary>The header or parameter name. Required; header names are case-insensitive.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Name { get; set; } = "";

    /// <summary>Values, any of which may match; not used with <see cref="ValueMatchMode.Present"/> and <see cref="ValueMatchMode.Absent"/>.</summary>
    public List<string> Values { get; set; } = [];

    /// <summary>How <see cref="Values"/> are compared. Default <see cref="ValueMatchMode.Exact"/>.</summary>
    public ValueMatchMode Mode { get; set; } = ValueMatchMode.Exact;

    /// <summary>Compare values case-insensitively. Default false.</summary>
    public bool IgnoreCase { get; set; }

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var needsValues = Mode is not (ValueMatchMode.Present or ValueMatchMode.Absent);
        if (needsValues && Values.Count == 0)
        {
            context.AddError("values", $"mode {Mode} needs at least one value");
        }
        else if (!needsValues && Values.Count > 0)
        {
            context.AddError("values", $"mode {Mode} takes no values");
        }

        if (Mode != ValueMatchMode.Regex)
        {
            return;
        }

        for (var i = 0; i < Values.Count; i++)
        {
            try
            {
                _ = new Regex(Values[i], RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                context.AddError($"values[{i}]", $"invalid regular expression: {ex.Message}");
            }
        }
    }
}
