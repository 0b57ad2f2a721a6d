using System.Globalization;
using System.Runtime.InteropServices;

namespace Atrium.Testing;

/// <summary>
/// Kills the processes of a <see cref="RabbitMqServer"/> node by the pid files in its directory, and cleans up after
/// test processes that ended without their cleanup (killed by a hang timeout, say).
/// </summary>
internal static partial class RabbitMqOrphans
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when there is no such process.</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>Kills the node and the epmd of <paramref name="root"/>, then deletes the directory.</summary>
    public static void KillNode(string root)
    {
        foreach (var (file, process) in (ReadOnlySpan<(string, string)>)[("server.pid", "beam"), ("epmd.pid", "epmd")])
        {
            var pid = ReadPid(Path.Combine(root, file));
            // A pid file outlives its process, and the pid may be someone else's by now.
            if (pid > 0 && IsProcess(pid, process))
            {
                Signal(pid, SigKill);
            }
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The node may still be writing as it dies; a leftover temp directory is all that is lost.
        }
    }

    /// <summary>Kills and deletes the nodes of test processes that are gone; a live process's nodes are left alone.</summary>
    public static void Remove(string ownerFile)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "atrium-rabbitmq-*"))
        {
            var owner = ReadPid(Path.Combine(dir, ownerFile));
            if (owner == 0 && TimeProvider.System.GetUtcNow().UtcDateTime - Directory.GetCreationTimeUtc(dir) < TimeSpan.FromMinutes(1))
            {
                // Being made right now by a process that has not written its owner file yet.
                continue;
            }

            if (owner == 0 || !Directory.Exists($"/proc/{owner.ToString(CultureInfo.InvariantCulture)}"))
            {
                KillNode(dir);
            }
        }
    }

    private static bool IsProcess(int pid, string name)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Contains(name, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
