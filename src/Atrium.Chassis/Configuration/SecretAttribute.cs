namespace Atrium.Chassis.Configuration;

/// <summary>
/// Marks an options property whose value must never be shown: <see cref="AtriumConfig.ToRedactedJson"/> renders it as <c>"***"</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class SecretAttribute : Attribute
{
}
