using System.CommandLine;
using Atrium.Chassis.Configuration;

namespace Atrium.Commands;

/// <summary>
/// Where the config comes from: <c>--config FILE</c>, else the <c>ATRIUM_CONFIG</c> environment variable, else the
/// defaults embedded in the binary (the shipped <c>config/atrium.yaml</c>, which cannot be hot-reloaded); either way
/// with the <c>ATRIUM__SECTION__KEY</c> variables of the environment on top, and the <c>--set key.path=value</c>
/// arguments on top of those.
/// </summary>
internal static class ConfigSource
{
    public const string EnvironmentVariable = "ATRIUM_CONFIG";
    public const string Embedded = AtriumConfig.EmbeddedSource;

    /// <summary>The repeatable <c>--set key.path=value</c> option of the commands that load the config.</summary>
    public static Option<string[]> CreateSetOption() => new("--set")
    {
        Description = "Override one key, e.g. --set gateway.listen.0=http://0.0.0.0:8080 (list elements by index); wins over the file and ATRIUM__... variables. Repeatable.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static ConfigLoadResult Load(
        string? path, ConfigSchema schema, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string>? setArguments = null)
    {
        path = string.IsNullOrWhiteSpace(path) ? environment.GetValueOrDefault(EnvironmentVariable) : path;
        var overrides = ConfigEnvironment.From(environment, setArguments ?? []);
        return string.IsNullOrWhiteSpace(path)
            ? ConfigLoader.Load(ReadEmbedded(), Embedded, schema, overrides)
            : ConfigLoader.LoadFile(Path.GetFullPath(path), schema, overrides);
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
            // An error about an environment variable or a --set argument starts with it, which is where it is.
            var where = error.Variable is not null ? string.Empty
                : error.Line > 0 ? $"{source}:{error.Line}:{error.Column}: "
                : $"{source}: ";
            writer.WriteLine(where + error);
        }
    }
}
