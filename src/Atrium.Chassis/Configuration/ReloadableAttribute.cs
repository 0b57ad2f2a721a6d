namespace Atrium.Chassis.Configuration;

/// <summary>
/// Marks an options property that can safely change while running, in a section not registered as reloadable: when a
/// reload changes only such keys of the section, the new values are applied and <see cref="ConfigStore.Changed"/> names
/// the section; a change to any other key is reported restart-required for that key, which keeps its running value.
/// Consumers must read the value from the current snapshot (<see cref="LiveOptions{T}"/>) rather than keep the one they
/// started with. On a property of a nested options object, the key is live; on the object itself, all of it is.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class ReloadableAttribute : Attribute
{
}
