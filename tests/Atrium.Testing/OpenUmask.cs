using System.Runtime.InteropServices;

namespace Atrium.Testing;

/// <summary>
/// Sets the process's umask to 022, the usual default, so that a test of file modes can fail: under a umask of 077
/// (some CI containers) a file created without a mode is 0600 anyway, and a product that forgot to ask for 0600
/// would pass. Process-wide, and harmless to other tests, which never depend on a stricter umask.
/// </summary>
public static partial class OpenUmask
{
    /// <summary>Applies the 022 umask once per process; a no-op on Windows.</summary>
    public static void Ensure()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Applied.Value;
        }
    }

    private static readonly Lazy<uint> Applied = new(() => Umask(0b_000_010_010));

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
