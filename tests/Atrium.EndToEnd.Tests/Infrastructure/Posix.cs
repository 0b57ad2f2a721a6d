using System.Runtime.InteropServices;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>libc's <c>kill(2)</c>: .NET can only SIGKILL a child, and the tests need SIGTERM.</summary>
internal static class Posix
{
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Kill(int pid, int signal);
}
