using System.Security.Cryptography;
using Atrium.Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Admin;

/// <summary>
/// Where the admin token comes from, at start: <c>gateway.admin.token</c>, else the file <c>gateway.admin.tokenFile</c>
/// names, else <see cref="GeneratedFileName"/> in the data directory, generated at first start and reused after (as
/// Jupyter does). The token itself is never logged; the log says which file holds it.
/// </summary>
internal static class AdminTokenSource
{
    /// <summary>The generated token's file in <c>host.dataDirectory</c>.</summary>
    public const string GeneratedFileName = "gateway-admin.token";

    /// <summary>Returns the token; throws <see cref="InvalidOperationException"/> with a message for the operator when a configured file cannot be used.</summary>
    public static AdminToken Resolve(AdminOptions options, Func<string> dataDirectory, ILogger logger)
    {
        if (options.Token.Length > 0)
        {
            return new AdminToken(options.Token);
        }

        if (options.TokenFile.Length > 0)
        {
            var configured = Path.GetFullPath(options.TokenFile);
            var token = Read(configured) ?? throw new InvalidOperationException(
                $"gateway.admin.tokenFile '{configured}' does not exist or is empty; it must hold the admin API token");
            AdminLog.TokenFromFile(logger, configured);
            return new AdminToken(token);
        }

        var path = Path.Combine(dataDirectory(), GeneratedFileName);
        if (Read(path) is { } existing)
        {
            AdminLog.TokenFromFile(logger, path);
            return new AdminToken(existing);
        }

        var generated = Create(path);
        AdminLog.TokenGenerated(logger, path);
        return new AdminToken(generated);
    }

    private static string? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var token = File.ReadAllText(path).TrimEnd();
        return token.Length > 0 ? token : null;
    }

    /// <summary>
    /// Writes a new token to a temporary file created owner-only (never readable by others, not even for a moment),
    /// then renames it into place, so that a crash never leaves a partial token. When another process won the
    /// rename, its token is the one.
    /// </summary>
    private static string Create(string path)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, create))
            using (var writer = new StreamWriter(stream))
            {
                writer.WriteLine(token);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            return token;
        }
        catch (IOException) when (Read(path) is { } theirs)
        {
            return theirs;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
