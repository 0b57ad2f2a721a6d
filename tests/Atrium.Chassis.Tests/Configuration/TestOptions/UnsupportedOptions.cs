namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class UnsupportedOptions
{
    public List<UnsupportedItem> Items { get; set; } = [];

    public Dictionary<int, string> Lookup { get; set; } = [];
}
