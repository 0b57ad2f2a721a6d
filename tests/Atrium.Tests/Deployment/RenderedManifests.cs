using System.Text.Json.Nodes;

namespace Atrium.Tests.Deployment;

/// <summary>The objects an overlay renders to, with the look-ups the manifest tests need.</summary>
internal sealed class RenderedManifests(IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public IReadOnlyList<Workload> Workloads { get; } = objects
        .Where(o => Kind(o) is "Deployment" or "StatefulSet")
        .Select(o => new Workload(o))
        .ToList();

    public static string Kind(JsonObject o) => (string)o["kind"]!;

    public static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => Kind(o) == kind);

    /// <summary>The object of that kind and name; fails the test naming it when there is none.</summary>
    public JsonObject Get(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Name(o) == name) ?? throw new ShouldAssertException($"no {kind} named {name} is rendered");

    /// <summary>The workloads whose pods carry every label of <paramref name="selector"/> (a map, or one with matchLabels).</summary>
    public IReadOnlyList<Workload> Selected(JsonObject selector)
    {
        var labels = (selector["matchLabels"] as JsonObject ?? selector).ToDictionary(p => p.Key, p => (string)p.Value!);
        return Workloads.Where(w => labels.All(l => w.PodLabels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
    }
}
