using System.Reflection;

namespace Atrium.Testing;

/// <summary>
/// What an assembly references directly, for the tests that keep the chassis core, Atrium.Rpc and the gateway free of
/// data access (which would also keep the gateway from compiling ahead of time).
/// </summary>
public static class AssemblyReferences
{
    /// <summary>The assemblies of persistence and eventing: EF Core, its providers, SQLite, RabbitMQ and the chassis's own data assembly.</summary>
    public static readonly string[] DataAccess =
    [
        "Atrium.Chassis.Data",
        "Microsoft.EntityFrameworkCore",
        "Npgsql",
        "Microsoft.Data.Sqlite",
        "SQLitePCLRaw",
        "RabbitMQ.Client",
    ];

    /// <summary>The direct references of <paramref name="assembly"/> named <paramref name="prefixes"/> or below them.</summary>
    public static IReadOnlyList<string> Matching(Assembly assembly, IEnumerable<string> prefixes)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var names = prefixes.ToArray();
        return
        [
            .. assembly.GetReferencedAssemblies()
                .Select(reference => reference.Name ?? "")
                .Where(name => names.Any(prefix => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal),
        ];
    }
}
