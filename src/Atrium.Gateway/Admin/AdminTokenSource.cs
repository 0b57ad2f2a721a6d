using System.Security.Cryptography;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Security;
using Atrium.Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Admin;

/// <summary>
/// Where the admin token comes from, at start: <c>gateway.admin.token</c>, else the file <c>gateway.admin.tokenFile</c>
/// names, else <see cref="GeneratedFileName"/> in the data directory, generated at first start and reused after (as
/// Jupyter does). The token itself is never logged; the log says which file holds it. A token read from a file needs
/// <see cref="AdminOptions.MinimumTokenLength"/> characters, as the inline one does; a configured file others may
/// read is warned about (it is the operator's: a mounted secret's mode is not ours to change), the generated one is
/// tightened to owner-only.
/// </summary>
internal static partial class AdminTokenSource
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
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(configured) & OpenToOthers) != 0)
            {
                LogTokenFileOpen(logger, configured);
            }

            AdminLog.TokenFromFile(logger, configured);
            return new AdminToken(token);
        }

        var path = Path.Combine(dataDirectory(), GeneratedFileName);
        if (Read(path) is { } existing)
        {
            if (!OperatingSystem.IsWindows())
            {
                OwnerOnly.Tighten(path, logger);
            }

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
        if (token.Length is > 0 and < AdminOptions.MinimumTokenLength)
        {
            // The length only: the token itself stays out of the message, which is logged.
            throw new InvalidOperationException(
                $"The admin API token in '{path}' has {token.Length} characters; it must have at least {AdminOptions.MinimumTokenLength} (gateway.admin.tokenFile, or delete a generated file to have a new one made)");
        }

        return token.Length > 0 ? token : null;
    }

    /// <summary>
    /// Writes a new token owner-only through <see cref="OwnerOnly.WriteFile"/> (never readable by others, never half
    /// written). When another process won the race to create the file, its token is the one.
    /// </summary>
    private static string Create(string path)
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        try
        {
            OwnerOnly.WriteFile(path, token + "\n", overwrite: false);
            return token;
        }
        catch (IOException) when (Read(path) is { } theirs)
        {
            return theirs;
        }
    }

    private const UnixFileMode OpenToOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    [LoggerMessage(EventId = GatewayEventIds.AdminTokenFileOpen, Level = LogLevel.Warning,
        Message = "gateway.admin.tokenFile {Path} may be read or written by other users than its owner; make it owner-only (chmod 600)")]
    private static partial void LogTokenFileOpen(ILogger logger, string path);
}
