using Atrium.Chassis.Configuration.Etcd;
using YamlDotNet.RepresentationModel;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Loads <c>atrium.yaml</c>. Sources, later wins: the defaults of the options types (which the embedded
/// <c>atrium.yaml</c> documents), the file, the <c>ATRIUM__...</c> environment variables, the <c>--set</c> arguments.
/// Parse, write the overrides in, bind strictly (resolving <c>${env:}</c>/<c>${file:}</c> references), validate, and
/// report every error (the file's and the overrides') at once. A config center's document (etcd) goes between the
/// file and the overrides.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Loads config from YAML text.</summary>
    /// <param name="yamlText">The YAML document; empty text means every section keeps its defaults.</param>
    /// <param name="source">Where the text came from (a file path, or <see cref="AtriumConfig.EmbeddedSource"/>).</param>
    /// <param name="schema">The registered sections.</param>
    /// <param name="environment">
    /// The process environment (only <c>ATRIUM__...</c> variables are read; see <see cref="ConfigEnvironment"/>), which
    /// wins over the text; <c>null</c> for none. Passed in rather than read, so callers and tests choose it.
    /// </param>
    /// <returns>The snapshot, or every error: the file's in document order, then the variables'.</returns>
    public static ConfigLoadResult Load(
        string yamlText, string source, ConfigSchema schema, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(schema);
        return Load(yamlText, source, schema, environment is null ? ConfigEnvironment.Empty : ConfigEnvironment.From(environment));
    }

    /// <summary>Loads config from a file.</summary>
    /// <param name="path">The file path; relative paths resolve against the current directory.</param>
    /// <param name="schema">The registered sections.</param>
    /// <param name="environment">The process environment, which wins over the file; <c>null</c> for none.</param>
    /// <returns>The snapshot (its <see cref="AtriumConfig.Source"/> is the full path), or every error.</returns>
    public static ConfigLoadResult LoadFile(string path, ConfigSchema schema, IReadOnlyDictionary<string, string?>? environment = null) =>
        LoadFile(path, schema, environment is null ? ConfigEnvironment.Empty : ConfigEnvironment.From(environment));

    /// <summary>Loads config from YAML text with the overrides of <paramref name="environment"/> on top.</summary>
    /// <param name="yamlText">The YAML document.</param>
    /// <param name="source">Where the text came from.</param>
    /// <param name="schema">The registered sections.</param>
    /// <param name="environment">The environment's and the command line's overrides, and the variables references read.</param>
    /// <returns>The snapshot, or every error.</returns>
    public static ConfigLoadResult Load(string yamlText, string source, ConfigSchema schema, ConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(environment);
        return LoadWithOverrides(yamlText, source, schema, environment);
    }

    /// <summary>Loads config from a file with the overrides of <paramref name="environment"/> on top.</summary>
    /// <param name="path">The file path; relative paths resolve against the current directory.</param>
    /// <param name="schema">The registered sections.</param>
    /// <param name="environment">The environment's and the command line's overrides, and the variables references read.</param>
    /// <returns>The snapshot (its <see cref="AtriumConfig.Source"/> is the full path), or every error.</returns>
    public static ConfigLoadResult LoadFile(string path, ConfigSchema schema, ConfigEnvironment environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(environment);
        var fullPath = Path.GetFullPath(path);
        return TryReadFile(fullPath, out var text, out var error)
            ? LoadWithOverrides(text, fullPath, schema, environment)
            : new ConfigLoadResult(null, [error, .. EnvironmentOverlay.Apply(null, schema, environment).Errors]);
    }

    /// <summary>
    /// Loads <paramref name="bootstrap"/>'s source again (the file, or <paramref name="baseText"/> for the embedded
    /// defaults) with a config center's document between it and the same overrides.
    /// </summary>
    /// <param name="bootstrap">The config loaded without the document; its <c>config.etcd</c> named the document.</param>
    /// <param name="baseText">The text of the embedded defaults, used when <paramref name="bootstrap"/> did not come from a file.</param>
    /// <param name="document">The config center's document.</param>
    /// <returns>The snapshot, or every error; errors in the document name it (<c>etcd:prod@7 line 3</c>).</returns>
    internal static ConfigLoadResult LoadLayered(AtriumConfig bootstrap, string baseText, ConfigCenterDocument document)
    {
        if (bootstrap.Source == AtriumConfig.EmbeddedSource)
        {
            return LoadWithOverrides(baseText, bootstrap.Source, bootstrap.Schema, bootstrap.Environment, document);
        }

        return TryReadFile(bootstrap.Source, out var text, out var error)
            ? LoadWithOverrides(text, bootstrap.Source, bootstrap.Schema, bootstrap.Environment, document)
            : new ConfigLoadResult(null, [error]);
    }

    internal static ConfigLoadResult LoadWithOverrides(
        string yamlText, string source, ConfigSchema schema, ConfigEnvironment environment, ConfigCenterDocument? center = null)
    {
        var (root, syntaxErrors) = YamlDocumentReader.Read(yamlText);
        var centerOrigins = new Dictionary<YamlNode, string>(ReferenceEqualityComparer.Instance);
        IReadOnlyList<ConfigError> centerErrors = [];
        if (center is not null && syntaxErrors.Count == 0)
        {
            (root, centerErrors) = ConfigCenterLayer.Apply(root, center, centerOrigins);
        }

        if (syntaxErrors.Count > 0)
        {
            // The variables can still be checked against the schema, so that one run lists every error.
            return new ConfigLoadResult(null, [.. syntaxErrors, .. EnvironmentOverlay.Apply(null, schema, environment).Errors]);
        }

        var overlay = EnvironmentOverlay.Apply(root, schema, environment);
        foreach (var (node, setBy) in overlay.Origins)
        {
            centerOrigins[node] = setBy;
        }

        var bound = ConfigBinder.Bind(overlay.Root, schema, centerOrigins, environment.All);
        var validationErrors = ConfigValidator.Validate(schema, bound.Sections, bound.SourceMap)

            // A value that failed to bind kept its default; complaints about that default would only be noise.
            .Where(v => !bound.Errors.Any(b => ConfigPath.IsSameOrUnder(v.Path, b.Path) && b.Path.Length > 0));
        var errors = centerErrors.Concat(bound.Errors).Concat(validationErrors).Concat(overlay.Errors)
            .OrderBy(e => e.Line == 0 ? int.MaxValue : e.Line)
            .ThenBy(e => e.Column)
            .ToList();

        return errors.Count > 0
            ? new ConfigLoadResult(null, errors)
            : new ConfigLoadResult(new AtriumConfig(source, schema, bound.Sections, bound.SourceMap, environment), []);
    }

    internal static bool TryReadFile(string fullPath, out string text, out ConfigError error)
    {
        text = string.Empty;
        error = null!;
        try
        {
            // Share everything: editors and deploy tools may be rewriting the file while we read it.
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            error = new ConfigError(string.Empty, $"config file '{fullPath}' does not exist", 0, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = new ConfigError(string.Empty, $"config file '{fullPath}' could not be read: {ex.Message}", 0, 0);
        }

        return false;
    }
}
