using Atrium.Chassis.Configuration;
using Atrium.Chassis.Modularity;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Hosting;

/// <summary>
/// Where a module keeps its files: under <c>host.dataDirectory</c>, created on first use for the process's user only
/// (see <see cref="OwnerOnly"/>).
/// </summary>
public static class ModuleData
{
    /// <summary>
    /// The absolute data directory, created 0700 if missing; if it exists, it is tightened to owner-only when open to
    /// others (the files in it are tightened by the modules that own them, and no other file is touched).
    /// </summary>
    public static string Directory(ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = Path.GetFullPath(context.Get<ConfigStore>().Current.Get<AtriumHostOptions>(AtriumHostOptions.Section).DataDirectory);
        OwnerOnly.CreateDirectory(path, context.LoggerFactory.CreateLogger(typeof(ModuleData)));
        return path;
    }

    /// <summary>
    /// The module's SQLite connection string: <paramref name="configured"/> when set, else <paramref name="fileName"/>
    /// in the data directory, with a 30 s busy timeout so that writers queue rather than fail.
    /// </summary>
    public static string SqliteConnectionString(ModuleContext context, string configured, string fileName) =>
        string.IsNullOrEmpty(configured)
            ? $"Data Source={Path.Combine(Directory(context), fileName)};Default Timeout=30"
            : configured;
}
