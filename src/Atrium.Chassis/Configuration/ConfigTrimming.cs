namespace Atrium.Chassis.Configuration;

/// <summary>Why the config model's reflection holds in a trimmed, Native AOT build.</summary>
internal static class ConfigTrimming
{
    /// <summary>The justification of every trim and AOT suppression of the binder, type model and validator.</summary>
    public const string Justification =
        "The binder, validator and type model walk the options types of the registered sections by reflection, from the " +
        "section down. An executable that trims keeps those types whole with a descriptor (src/Atrium.Gateway.Host/" +
        "ConfigTypes.xml); collections are created from the declared types it keeps. atrium-gateway's tests start it " +
        "on the shipped atrium.yaml, which sets every key.";
}
