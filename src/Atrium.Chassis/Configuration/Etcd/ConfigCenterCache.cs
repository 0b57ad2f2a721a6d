using System.Globalization;
using Atrium.Chassis.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>
/// The last applied document of a namespace, kept in <c>host.dataDirectory/config-cache/NAMESPACE.yaml</c> (0600,
/// written through a temporary file and a rename) so that a process can start while etcd is unreachable. Its first
/// line records the revision: <c># atrium config cache: revision N</c>.
/// </summary>
internal static class ConfigCenterCache
{
    private const string Header = "# atrium config cache: revision ";

    public static string PathOf(string dataDirectory, string ns) => Path.Combine(Path.GetFullPath(dataDirectory), "config-cache", ns + ".yaml");

    public static void Write(string dataDirectory, ConfigCenterDocument document, ILogger logger)
    {
        var path = PathOf(dataDirectory, document.Namespace);
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!, logger);
        OwnerOnly.WriteFile(path, Header + document.Revision.ToString(CultureInfo.InvariantCulture) + "\n" + document.Text, overwrite: true);
    }

    /// <summary>The cached document, or <c>null</c> when there is none or it is not one this class wrote.</summary>
    public static ConfigCenterDocument? TryRead(string dataDirectory, string ns)
    {
        string text;
        try
        {
            text = File.ReadAllText(PathOf(dataDirectory, ns));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return text.StartsWith(Header, StringComparison.Ordinal) && newline > 0
            && long.TryParse(text.AsSpan(Header.Length, newline - Header.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? new ConfigCenterDocument(ns, revision, text[(newline + 1)..], FromCache: true)
            : null;
    }
}
