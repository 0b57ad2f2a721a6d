namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class UnsupportedItem
{
    public object? Handle { get; set; }
}
