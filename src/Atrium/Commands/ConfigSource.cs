using Atrium.Chassis.Configuration;

namespace Atrium.Commands;

/// <summary>
/// Where the config comes from: <c>--config FILE</c>, else the <c>ATRIUM_CONFIG</c> environment variable, else the
/// defaults embedded in the binary (the shipped <c>config/atrium.yaml</c>, which cannot be hot-reloaded).
/// </summary>
internal static class ConfigSource
{
    public const string EnvironmentVariable = "ATRIUM_CONFIG";
    public const string Embedded = AtriumConfig.EmbeddedSource;

    public static ConfigLoadResult Load(string? path, ConfigSchema schema)
    {
        path = string.IsNullOrWhiteSpace(path) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : path;
        return string.IsNullOrWhiteSpace(path)
            ? ConfigLoader.Load(ReadEmbedded(), Embedded, schema)
            : ConfigLoader.LoadFile(Path.GetFullPath(path), schema);
    }

    public static string ReadEmbedded()
    {
        using var stream = typeof(ConfigSource).Assembly.GetManifestResourceStream("atrium.yaml")
            ?? throw new InvalidOperationException("The embedded default config is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static void WriteErrors(TextWriter writer, ConfigLoadResult result, string source)
    {
        foreach (var error in result.Errors)
        {
            var where = error.Line > 0 ? $"{source}:{error.Line}:{error.Column}: " : $"{source}: ";
            writer.WriteLine(where + error);
        }
    }
}
