using System.Text.Json.Nodes;

namespace Atrium.Tests.Deployment;

/// <summary>A Deployment or StatefulSet and its Atrium container.</summary>
internal sealed class Workload(JsonObject source)
{
    public JsonObject Source { get; } = source;

    public string Name => RenderedManifests.Name(Source);

    public JsonObject PodSpec => Source["spec"]!["template"]!["spec"]!.AsObject();

    public IReadOnlyDictionary<string, string> PodLabels =>
        Source["spec"]!["template"]!["metadata"]!["labels"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);

    public JsonObject Container => PodSpec["containers"]!.AsArray().Single(c => (string)c!["name"]! == "atrium")!.AsObject();

    public static IEnumerable<JsonObject> Items(JsonObject? parent, string key) =>
        (parent?[key] as JsonArray ?? []).Select(i => i!.AsObject());

    /// <summary>The container's ports by name.</summary>
    public IReadOnlyDictionary<string, int> Ports =>
        Items(Container, "ports").ToDictionary(p => (string)p["name"]!, p => (int)p["containerPort"]!);

    /// <summary>A probe's or a policy's port: a number, or the name of a container port.</summary>
    public int PortNumber(JsonNode port) =>
        port.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (int)port
        : Ports.TryGetValue((string)port!, out var number) ? number
        : throw new ShouldAssertException($"{Name}: no container port named {port}");

    /// <summary>The volume mounted at <paramref name="path"/> or at a directory above it, with its mount.</summary>
    public (JsonObject Mount, JsonObject? Volume)? MountOf(string path)
    {
        var mount = Items(Container, "volumeMounts")
            .Where(m => path == (string)m["mountPath"]! || path.StartsWith((string)m["mountPath"]! + "/", StringComparison.Ordinal))
            .OrderByDescending(m => ((string)m["mountPath"]!).Length)
            .FirstOrDefault();
        if (mount is null)
        {
            return null;
        }

        var name = (string)mount["name"]!;
        return (mount, Items(PodSpec, "volumes").FirstOrDefault(v => (string)v["name"]! == name));
    }

    /// <summary>Whether <paramref name="path"/> is on a volume the container may write: an emptyDir or a claim.</summary>
    public bool IsWritable(string path)
    {
        if (MountOf(path) is not var (mount, volume) || mount["readOnly"]?.GetValue<bool>() == true)
        {
            return false;
        }

        var name = (string)mount["name"]!;
        var claims = Items(Source["spec"]!.AsObject(), "volumeClaimTemplates").Select(c => (string)c["metadata"]!["name"]!);
        return volume?["emptyDir"] is not null || (volume is null && claims.Contains(name));
    }
}
