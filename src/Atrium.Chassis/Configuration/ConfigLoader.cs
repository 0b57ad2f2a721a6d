namespace Atrium.Chassis.Configuration;

/// <summary>Loads <c>atrium.yaml</c>: parse, bind strictly, validate, and report every error at once.</summary>
public static class ConfigLoader
{
    /// <summary>Loads config from YAML text.</summary>
    /// <param name="yamlText">The YAML document; empty text means every section keeps its defaults.</param>
    /// <param name="source">Where the text came from (a file path, or <see cref="AtriumConfig.EmbeddedSource"/>).</param>
    /// <param name="schema">The registered sections.</param>
    /// <returns>The snapshot, or every error in document order.</returns>
    public static ConfigLoadResult Load(string yamlText, string source, ConfigSchema schema)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(schema);

        var (root, syntaxErrors) = YamlDocumentReader.Read(yamlText);
        if (syntaxErrors.Count > 0)
        {
            return new ConfigLoadResult(null, syntaxErrors);
        }

        var bound = ConfigBinder.Bind(root, schema);
        var validationErrors = ConfigValidator.Validate(schema, bound.Sections, bound.SourceMap)

            // A value that failed to bind kept its default; complaints about that default would only be noise.
            .Where(v => !bound.Errors.Any(b => ConfigPath.IsSameOrUnder(v.Path, b.Path) && b.Path.Length > 0));
        var errors = bound.Errors.Concat(validationErrors)
            .OrderBy(e => e.Line == 0 ? int.MaxValue : e.Line)
            .ThenBy(e => e.Column)
            .ToList();

        return errors.Count > 0
            ? new ConfigLoadResult(null, errors)
            : new ConfigLoadResult(new AtriumConfig(source, schema, bound.Sections, bound.SourceMap), []);
    }

    /// <summary>Loads config from a file.</summary>
    /// <param name="path">The file path; relative paths resolve against the current directory.</param>
    /// <param name="schema">The registered sections.</param>
    /// <returns>The snapshot (its <see cref="AtriumConfig.Source"/> is the full path), or every error.</returns>
    public static ConfigLoadResult LoadFile(string path, ConfigSchema schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        return TryReadFile(fullPath, out var text, out var error)
            ? Load(text, fullPath, schema)
            : new ConfigLoadResult(null, [error]);
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
