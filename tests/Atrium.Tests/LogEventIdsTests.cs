using System.Reflection;
using System.Text.RegularExpressions;
using Atrium.Commands;
using Atrium.Testing;
using Microsoft.Extensions.Logging;

namespace Atrium.Tests;

/// <summary>
/// Holds every source-generated log message of the product to one event id of its own, inside the range of its
/// assembly, so that an id names one message in dashboards and alerts. The messages are read by reflection from the
/// assemblies the executable loads: <see cref="LoggerMessageAttribute"/> stays on the partial methods.
/// </summary>
public class LogEventIdsTests
{
    // Keep in step with "Log event ids" in README.md and the summaries of the *EventIds classes.
    private static readonly Dictionary<string, (int First, int Last)> Ranges = new(StringComparer.Ordinal)
    {
        ["atrium"] = (1, 999),
        ["Atrium.Chassis"] = (1000, 1999),
        // Eventing moved out of the chassis with its ids: a block inside the chassis range that the core leaves free.
        ["Atrium.Chassis.Data"] = (1600, 1699),
        ["Atrium.Rpc"] = (2100, 2199),
        ["Atrium.Gateway"] = (3000, 3999),
        ["Atrium.Identity"] = (5000, 5999),
        ["Atrium.Catalog"] = (6000, 6999),
        ["Atrium.Ordering"] = (7000, 7999),
        ["Atrium.Payments"] = (8000, 8999),
    };

    private const BindingFlags Declared =
        BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void LoggerMessages_AcrossTheProduct_UseEachEventIdOnce() =>
        Messages().GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} is used by {string.Join(", ", g.Select(m => m.Name))}")
            .ShouldBeEmpty();

    [Fact]
    public void LoggerMessages_EachAssembly_UseIdsInItsRange() =>
        Messages().Where(m => !Ranges.TryGetValue(m.Assembly, out var range) || m.EventId < range.First || m.EventId > range.Last)
            .Select(m => Ranges.TryGetValue(m.Assembly, out var range)
                ? $"{m.Name}: {m.EventId} is outside {m.Assembly}'s {range.First}–{range.Last}"
                : $"{m.Name}: {m.Assembly} has no range of event ids")
            .ShouldBeEmpty();

    [Fact]
    public void Ranges_EveryAssembly_HasLogMessages() =>
        // The scan must reach every assembly that logs, or the checks above would pass on what they never saw.
        Messages().Select(m => m.Assembly).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(Ranges.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void LoggerMessages_InTheSources_TakeTheirIdsFromATable()
    {
        // Reflection sees only the numbers; a literal in the source is an id the assembly's table does not list.
        var literal = new Regex(@"EventId\s*=\s*[0-9]|new\s+EventId\s*\(\s*[0-9]", RegexOptions.None, TimeSpan.FromSeconds(5));
        var sources = RepositoryRoot.File("src");
        Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (Path: Path.GetRelativePath(sources, path), Line: index + 1, Text: line)))
            .Where(l => literal.IsMatch(l.Text))
            .Select(l => $"{l.Path}:{l.Line}: {l.Text.Trim()}")
            .ShouldBeEmpty();
    }

    private static List<(string Assembly, string Name, int EventId)> Messages() =>
        [.. ProductAssemblies()
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(Declared))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => (m.Method.DeclaringType!.Assembly.GetName().Name!, $"{m.Method.DeclaringType.FullName}.{m.Method.Name}", m.Attribute!.EventId))];

    private static List<Assembly> ProductAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(Cli).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(IsProduct))
            {
                pending.Push(Assembly.Load(reference));
            }
        }

        return [.. found.Values];
    }

    private static bool IsProduct(AssemblyName name) =>
        name.Name is "atrium" || name.Name?.StartsWith("Atrium.", StringComparison.Ordinal) == true;
}
