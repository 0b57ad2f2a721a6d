namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>State whose change an event describes.</summary>
internal sealed class Widget
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";
}
