using System.Reflection;

namespace Atrium.Chassis.Configuration;

/// <summary>A bindable property of an options class.</summary>
/// <param name="Key">The YAML key: the camelCase property name.</param>
/// <param name="Property">The reflected property (public getter and public set or init).</param>
/// <param name="AllowsNull">Whether YAML null may be assigned (nullable reference or <see cref="Nullable{T}"/>).</param>
/// <param name="IsSecret">Whether the property carries <see cref="SecretAttribute"/>.</param>
/// <param name="IsReloadable">Whether the property carries <see cref="ReloadableAttribute"/>.</param>
internal sealed record ConfigPropertyModel(string Key, PropertyInfo Property, bool AllowsNull, bool IsSecret, bool IsReloadable);
