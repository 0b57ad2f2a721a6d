using System.Security.Cryptography;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>The dashboard's HTML, CSS and JavaScript, embedded in the assembly (<c>Admin/Dashboard/Assets</c>).</summary>
internal static class DashboardAssets
{
    private const string Prefix = "Atrium.Gateway.Admin.Dashboard.Assets.";

    private static readonly Dictionary<string, DashboardAsset> All = Load();

    /// <summary>The asset named <paramref name="name"/> (e.g. <c>app.js</c>), or null.</summary>
    public static DashboardAsset? Find(string name) => All.GetValueOrDefault(name);

    /// <summary>The asset named <paramref name="name"/>, which the build embeds.</summary>
    public static DashboardAsset Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded in the gateway assembly.");

    private static Dictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[Prefix.Length..];
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            assets[name] = new DashboardAsset(name, content, ContentType(name), etag);
        }

        return assets;
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
