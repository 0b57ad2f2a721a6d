using System.Text.RegularExpressions;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// A value written as <c>${env:NAME}</c> (a variable of the process) or <c>${file:/path}</c> (a mounted secret, one
/// trailing newline dropped), so that passwords, client secrets and tokens need not sit in <c>atrium.yaml</c>. Resolved
/// by the binder on every load and reload (a file is read again each time); what cannot be resolved is a config error
/// that names the reference, never a value.
/// </summary>
internal static partial class SecretReference
{
    /// <summary>Whether the whole of <paramref name="text"/> is a reference.</summary>
    public static bool IsReference(string text) => Pattern().IsMatch(text);

    /// <summary>Reads what <paramref name="text"/> refers to; text that is not a reference is returned as it is.</summary>
    /// <returns>Whether it resolved; when not, <paramref name="error"/> says why (without any value).</returns>
    public static bool TryResolve(string text, IReadOnlyDictionary<string, string?> environment, out string value, out string error)
    {
        value = text;
        error = string.Empty;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return true;
        }

        var target = match.Groups["target"].Value;
        if (match.Groups["kind"].Value == "env")
        {
            if (environment.TryGetValue(target, out var variable) && variable is not null)
            {
                value = variable;
                return true;
            }

            error = $"{text}: environment variable {target} is not set";
            return false;
        }

        try
        {
            value = File.ReadAllText(target);
            // Files written with echo or kubectl end with a newline that is not part of the secret.
            value = value.EndsWith("\r\n", StringComparison.Ordinal) ? value[..^2]
                : value.EndsWith('\n') ? value[..^1]
                : value;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The exception's message names the path only; the reference already does, so say what kind of failure.
            error = ex is FileNotFoundException or DirectoryNotFoundException
                ? $"{text}: file {target} does not exist"
                : $"{text}: file {target} could not be read ({ex.GetType().Name})";
            return false;
        }
    }

    [GeneratedRegex(@"^\$\{(?<kind>env|file):(?<target>[^}]+)\}$")]
    private static partial Regex Pattern();
}
