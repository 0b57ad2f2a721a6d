using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Hosting;

/// <summary>
/// Files and directories that only the process's user may open: module data holds password and refresh-token hashes,
/// the token signing key and the payments ledger. On Unix, directories are created 0700 and files 0600 from the
/// start (never written first and chmod'ed after); an existing one that group or others may open is tightened and
/// the change logged. Only Atrium's own files are touched, each by the code that owns it (the SQLite files, the
/// signing key, the admin password and token files): the data directory may be shared, or <c>.</c>. On Windows the
/// directory's inherited access rules apply and nothing is changed.
/// </summary>
public static partial class OwnerOnly
{
    /// <summary>rwx for the owner only (0700).</summary>
    public const UnixFileMode DirectoryPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only (0600).</summary>
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> as 0700 (missing parents get the usual mode: the last directory alone keeps
    /// others out); if it exists, tightens it, and nothing in it: other files there are not Atrium's.
    /// </summary>
    public static void CreateDirectory(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Leaves an existing directory's mode alone, hence the tightening after.
        Directory.CreateDirectory(path, DirectoryPermissions);
        Tighten(path, logger);
    }

    /// <summary>Creates <paramref name="path"/> empty as 0600 if it does not exist, else tightens it.</summary>
    public static void CreateFile(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FilePermissions });
            return;
        }
        catch (IOException) when (File.Exists(path))
        {
            // There already: keep its content.
        }

        Tighten(path, logger);
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to <paramref name="path"/> through a 0600 temporary file of its own (a
    /// unique name in the same directory, so that concurrent writers never share one) renamed into place, so that the
    /// file is never readable by others, nor half-written after a crash. The temporary file is deleted when the
    /// rename does not happen: no stray copy of a key is left behind.
    /// </summary>
    /// <exception cref="IOException"><paramref name="path"/> exists and <paramref name="overwrite"/> is false.</exception>
    public static void WriteFile(string path, string contents, bool overwrite)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        // CreateNew: the file must be made here, with the mode below, never one already there.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FilePermissions;
        }

        var moved = false;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                using var writer = new StreamWriter(stream);
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite);
            moved = true;
        }
        finally
        {
            if (!moved)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Takes every permission of group and others off <paramref name="path"/> (a file or a directory), logging the
    /// change; a path that cannot be changed (another user's) is logged and left as it is.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public static void Tighten(string path, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupAndOthers) == 0)
            {
                return;
            }

            var tightened = mode & ~GroupAndOthers;
            File.SetUnixFileMode(path, tightened);
            LogTightened(logger, path, Octal(mode), Octal(tightened));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            LogNotTightened(logger, path, ex.Message);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    [LoggerMessage(EventId = HostingEventIds.DataTightened, Level = LogLevel.Warning, Message = "Module data {Path} was open to other users ({OldMode}); changed it to {NewMode}, owner only")]
    private static partial void LogTightened(ILogger logger, string path, string oldMode, string newMode);

    [LoggerMessage(EventId = HostingEventIds.DataNotTightened, Level = LogLevel.Warning, Message = "Module data {Path} is open to other users and could not be changed to owner only: {Reason}")]
    private static partial void LogNotTightened(ILogger logger, string path, string reason);
}
