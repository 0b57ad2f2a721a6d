using Atrium.Chassis.Configuration;

namespace Atrium.Commands;

/// <summary>
/// Where the config comes from: <c>--config FILE</c>, else the <c>ATRIUM_CONFIG</c> environment variable, else the
/// defaults embedded in the binary (the shipped <c>config/atrium.yaml</c>, which cannot be hot-reloaded); either way
/// with the <c>ATRIUM__SECTION__KEY</c> variables of the environment on top.
/// </summary>
internal static class ConfigSource
{
    public const string EnvironmentVariable = "ATRIUM_CONFIG";
    public const string Embedded = AtriumConfig.EmbeddedSource;

    public static ConfigLoadResult Load(string? path, ConfigSchema schema, IReadOnlyDictionary<string, string?> environment)
    {
        path = string.IsNullOrWhiteSpace(path) ? environment.GetValueOrDefault(EnvironmentVariable) : path;
        return string.IsNullOrWhiteSpace(path)
            ? ConfigLoader.Load(ReadEmbedded(), Embedded, schema, environment)
            : ConfigLoader.LoadFile(Path.GetFullPath(path), schema, environment);
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
            // An error about an environment variable starts with the variable, which is where it is.
            var where = error.Variable is not null ? string.Empty
                : error.Line > 0 ? $"{source}:{error.Line}:{error.Column}: "
                : $"{source}: ";
            writer.WriteLine(where + error);
        }
    }
}
