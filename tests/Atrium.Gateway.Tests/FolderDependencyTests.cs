using System.Text.RegularExpressions;
using Atrium.Testing;

namespace Atrium.Gateway.Tests;

/// <summary>
/// Holds the folders of <c>src/Atrium.Gateway</c> to the direction in its README: a folder uses only folders below it
/// in <see cref="Layers"/>, apart from the uses in <see cref="KnownBackEdges"/>. Uses are read from the sources:
/// <c>using Atrium.Gateway.X</c>, <c>Atrium.Gateway.X.Type</c> and <c>X.Type</c> for a sibling folder X.
/// </summary>
public sealed partial class FolderDependencyTests
{
    // Lowest first. Keep in step with "Folders" in src/Atrium.Gateway/README.md.
    private static readonly string[] Layers =
    [
        "Hashing", "Configuration", "Telemetry", "Tls", "Transforms", "Forwarding", "Health", "LoadBalancing", "Routing", "Pipeline",
        "Resilience", "Callouts", "Security", "Authorization", "RateLimiting", "Traffic", "Aggregation", "Plugins", "Runtime", "Validation", "Admin",
    ];

    // Uses against the direction, each a cycle still to break. None is left: a new one fails the build, and one that
    // is gone must be struck off, so the list only shrinks.
    private static readonly HashSet<(string From, string To)> KnownBackEdges = [];

    private static readonly string Source = RepositoryRoot.File("src", "Atrium.Gateway");

    [Fact]
    public void Layers_EveryGatewayFolder_HasAPlace() =>
        Directory.GetDirectories(Source).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj"))
            .Order(StringComparer.Ordinal).ShouldBe(Layers.Order(StringComparer.Ordinal));

    [Fact]
    public void SourceFiles_UseOfAHigherFolder_OnlyTheKnownBackEdges()
    {
        var rank = Layers.Select((folder, i) => (folder, i)).ToDictionary(p => p.folder, p => p.i);
        Uses().Where(u => rank[u.To] > rank[u.From] && !KnownBackEdges.Contains((u.From, u.To)))
            .Select(u => $"{u.File} uses {u.To}: {u.Line}")
            .ShouldBeEmpty();
    }

    [Fact]
    public void KnownBackEdges_Each_StillUsed()
    {
        var used = Uses().Select(u => (u.From, u.To)).ToHashSet();
        KnownBackEdges.Where(e => !used.Contains(e)).Select(e => $"{e.From} -> {e.To}").ShouldBeEmpty();
    }

    [Fact]
    public void Configuration_SourceFiles_UseNoOtherGatewayFolder()
    {
        // The records are data; the rules that need the runtime are the section's validator (Validation/).
        Uses().Where(u => u.From == "Configuration").Select(u => $"{u.File} uses {u.To}: {u.Line}").ShouldBeEmpty();
    }

    private static List<(string From, string To, string File, string Line)> Uses()
    {
        var folders = string.Join('|', Layers);
        var qualified = new Regex($@"\bAtrium\.Gateway\.({folders})\b", RegexOptions.CultureInvariant);
        var relative = new Regex($@"(?<![\w.])({folders})\.[A-Z]", RegexOptions.CultureInvariant);
        var uses = new List<(string, string, string, string)>();
        foreach (var folder in Layers)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (var line in File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0))
                {
                    var named = qualified.Matches(line).Select(m => m.Groups[1].Value)
                        .Concat(relative.Matches(qualified.Replace(line, "")).Select(m => m.Groups[1].Value));
                    uses.AddRange(named.Where(used => used != folder).Distinct()
                        .Select(used => (folder, used, Path.GetRelativePath(Source, file), line)));
                }
            }
        }

        return uses;
    }
}
