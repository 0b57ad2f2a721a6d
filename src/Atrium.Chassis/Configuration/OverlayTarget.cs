namespace Atrium.Chassis.Configuration;

/// <summary>Where an override is heading: the key or index in its container, the type bound there, its path.</summary>
/// <param name="Slot">A mapping key (<see cref="string"/>) or a list index (<see cref="int"/>).</param>
/// <param name="Type">The type the binder binds at the slot.</param>
/// <param name="Path">The config path of the slot, for errors.</param>
/// <param name="AllowsNull">Whether the key may be null, which an empty value then sets.</param>
internal readonly record struct OverlayTarget(object Slot, Type Type, string Path, bool AllowsNull);
