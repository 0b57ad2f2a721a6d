using System.Security.Cryptography;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Security;

/// <summary>
/// Where a service client's secret comes from, on both sides of the client-credentials grant (identity's
/// <c>identity.clients[]</c> and the caller's <c>client</c>): the inline value when set, else the file, a relative path
/// being under <c>host.dataDirectory</c>. A missing file is created by whichever side needs it first: 32 random bytes,
/// base64url, owner-only from the start and created exclusively, so that a side that loses the race to create it
/// reads the winner's. In one process, or two sharing the data directory, both sides then hold the same secret with nothing
/// to configure; apart, give both the same file (or value).
/// </summary>
public static partial class ClientSecret
{
    /// <summary>The fewest characters a secret may have, inline or in its file.</summary>
    public const int MinimumLength = 16;

    /// <summary>
    /// Reports, relative to the options that hold both keys, neither <c>secret</c> nor <c>secretFile</c> set, or a
    /// <c>secret</c> shorter than <see cref="MinimumLength"/>.
    /// </summary>
    public static void Validate(ConfigValidationContext context, string secret, string secretFile)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length == 0 && string.IsNullOrEmpty(secretFile))
        {
            context.AddError("secretFile", "set secretFile (created when missing) or secret");
        }
        else if (secret.Length is > 0 and < MinimumLength)
        {
            context.AddError("secret", $"must have at least {MinimumLength} characters");
        }
    }

    /// <summary>
    /// The secret: <paramref name="secret"/> when set, else the content of <paramref name="secretFile"/> (trailing
    /// white space removed), created when missing. The secret itself is never logged; the log names the file.
    /// </summary>
    /// <param name="secret">The inline secret, or empty.</param>
    /// <param name="secretFile">The file, absolute or relative to <paramref name="dataDirectory"/>.</param>
    /// <param name="dataDirectory">The absolute <c>host.dataDirectory</c>.</param>
    /// <param name="key">The config key of the file, for the error (e.g. <c>identity.clients[0].secretFile</c>).</param>
    /// <param name="logger">Where the creation of a file is logged.</param>
    /// <exception cref="InvalidOperationException">Neither is set, or the file cannot be read, created, or holds too short a secret.</exception>
    public static string Resolve(string secret, string secretFile, string dataDirectory, string key, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(secretFile);
        ArgumentNullException.ThrowIfNull(logger);
        if (secret.Length > 0)
        {
            return secret;
        }

        if (secretFile.Length == 0)
        {
            throw new InvalidOperationException($"{key}: no secret is set; set secretFile (created when missing) or secret");
        }

        var path = Path.GetFullPath(secretFile, dataDirectory);
        try
        {
            if (!OperatingSystem.IsWindows() && File.Exists(path) && IsUnder(path, dataDirectory))
            {
                // Ours, like the other files there; a file elsewhere is the operator's (a mounted secret, say).
                OwnerOnly.Tighten(path, logger);
            }

            return Read(path, key) ?? Create(path, key, logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{key}: '{path}' cannot be read or created: {ex.Message}", ex);
        }
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string? Read(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        // A side that has just created the file (exclusively, so this one lost or never ran the race) may still be
        // writing the one line it holds: an empty file is waited on before it is judged too short.
        WaitWhileEmpty(path);
        var secret = File.ReadAllText(path).TrimEnd();
        return secret.Length >= MinimumLength
            ? secret
            // The length only: the secret stays out of the message, which is logged.
            : throw new InvalidOperationException(
                $"{key}: '{path}' holds a secret of {secret.Length} characters; it needs at least {MinimumLength} (delete the file to have a new one made)");
    }

    private static string Create(string path, string key, ILogger logger)
    {
        if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            OwnerOnly.CreateDirectory(directory, logger);
        }

        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        // Made in place with O_EXCL rather than written aside and renamed: a rename that must not replace is a check
        // and a rename, and two sides passing the check at once would each keep a secret, one of them overwritten.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly.FilePermissions;
        }

        FileStream created;
        try
        {
            created = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return ReadWritten(path, key);
        }

        using (created)
        {
            created.Write(System.Text.Encoding.ASCII.GetBytes(secret + "\n"));
            created.Flush(flushToDisk: true);
        }

        LogCreated(logger, path);
        return secret;
    }

    /// <summary>The secret another side just created (<see cref="Read"/> waits for its line).</summary>
    private static string ReadWritten(string path, string key) =>
        Read(path, key) ?? throw new InvalidOperationException($"{key}: '{path}' vanished while it was being created");

    /// <summary>
    /// Returns once <paramref name="path"/> is not empty, or after about five seconds of sleeping a millisecond at a
    /// time (a file left empty is then refused as too short): the writer is another thread or process, which a busy
    /// machine may not run for a while.
    /// </summary>
    private static void WaitWhileEmpty(string path)
    {
        var spin = new SpinWait();
        for (var tries = 0; tries < 5_000 && new FileInfo(path) is { Exists: true, Length: 0 }; tries++)
        {
            spin.SpinOnce(sleep1Threshold: 10);
        }
    }

    [LoggerMessage(EventId = SecurityEventIds.ClientSecretGenerated, Level = LogLevel.Information, Message = "Generated a service client secret into {Path} (owner-only)")]
    private static partial void LogCreated(ILogger logger, string path);
}
