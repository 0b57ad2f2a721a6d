namespace Atrium.Chassis.Configuration;

/// <summary>
/// Implemented by options types that have rules spanning several fields or sections.
/// Called after binding and DataAnnotations validation, on every object in the config graph that implements it.
/// </summary>
public interface IValidatableConfig
{
    /// <summary>Reports every problem through <paramref name="context"/>; never throws for invalid values.</summary>
    /// <param name="context">Collects errors relative to this object and gives access to other sections.</param>
    void Validate(ConfigValidationContext context);
}
