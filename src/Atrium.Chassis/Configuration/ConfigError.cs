namespace Atrium.Chassis.Configuration;

/// <summary>One problem found while loading or validating <c>atrium.yaml</c>.</summary>
/// <param name="Path">
/// Dotted path of the offending value, e.g. <c>gateway.routes[2].cluster</c>; empty when the error is about the whole file.
/// </param>
/// <param name="Message">
/// What is wrong, for a human. Redacted when the error is made (<see cref="ConfigRedactor"/>): errors are shown by
/// the admin API, <c>atrium config validate</c> and the log, and may quote the offending value.
/// </param>
/// <param name="Line">1-based line of the YAML node the error is about; 0 when unknown.</param>
/// <param name="Column">1-based column of the YAML node the error is about; 0 when unknown.</param>
/// <param name="Variable">
/// The <c>ATRIUM__...</c> environment variable that set the offending value (see <see cref="ConfigEnvironment"/>);
/// <c>null</c> when it came from the file. Line and column are then 0.
/// </param>
public sealed record ConfigError(string Path, string Message, int Line, int Column, string? Variable = null)
{
    /// <summary>What is wrong, with secrets masked.</summary>
    public string Message { get; } = ConfigRedactor.RedactMessage(Path, Message);

    /// <summary>
    /// Renders <c>"{Path}: {Message}"</c>, or just the message when the path is empty; an error about a variable
    /// starts with it: <c>"{Variable} ({Path}): {Message}"</c>.
    /// </summary>
    /// <returns>The error as one line of text.</returns>
    public override string ToString() => (Variable, Path.Length) switch
    {
        (null, 0) => Message,
        (null, _) => $"{Path}: {Message}",
        (_, 0) => $"{Variable}: {Message}",
        _ => $"{Variable} ({Path}): {Message}",
    };
}
