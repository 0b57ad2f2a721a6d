using System.Diagnostics;
using System.Text.Json;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// <c>deploy/publish.sh</c>, <c>deploy/image/build.sh</c> and <c>deploy/image/check.sh</c> as CI runs them: the
/// self-contained binary and its SBOM, the images' metadata, and each image run as a runtime would run it (root,
/// podman, curl and jq needed; ./test.sh installs them).
/// </summary>
[Collection(ImageCollection.Name)]
public class ImageTests(ImageFixture images)
{
    [Fact]
    public async Task Publish_LinuxX64_BinaryNamesItsVersionAndCommitAndHasAnSbomBesideIt()
    {
        var start = new ProcessStartInfo(Path.Combine(images.PublishDirectory, "atrium"), "--version") { RedirectStandardOutput = true };
        start.Environment["DOTNET_ROOT"] = "/nonexistent"; // self-contained: no installed runtime is looked for
        using var process = Process.Start(start)!;
        var output = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0);
        output.ShouldBe($"atrium 0.1.0 (commit {GitCheckout.Head()})");
        using var sbom = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(images.PublishDirectory, "atrium.cdx.json")));
        sbom.RootElement.GetProperty("bomFormat").GetString().ShouldBe("CycloneDX");
        sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString().ShouldBe("atrium");
        sbom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .ShouldContain("System.CommandLine");
    }

    [Fact]
    public async Task Build_BothImages_CarryTheBinarysVersionAndCommitAsOciLabelsAndANonRootUser()
    {
        foreach (var (image, entrypoint) in new[] { (images.AtriumImage, new[] { "/app/atrium" }), (images.GatewayImage, ["/app/atrium-gateway"]) })
        {
            using var inspect = JsonDocument.Parse(await PodmanAsync("image", "inspect", image));
            var config = inspect.RootElement[0].GetProperty("Config");
            var labels = config.GetProperty("Labels");
            labels.GetProperty("org.opencontainers.image.revision").GetString().ShouldBe(GitCheckout.Head(), image);
            labels.GetProperty("org.opencontainers.image.version").GetString().ShouldBe("0.1.0", image);
            labels.GetProperty("org.opencontainers.image.source").GetString().ShouldBe(ImageFixture.Source, image);
            config.GetProperty("User").GetString().ShouldBe("10001:10001", image);
            config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()).ShouldBe(entrypoint, image);
            config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ShouldContain("ATRIUM__HOST__DATADIRECTORY=/data", image);
        }
    }

    [Fact]
    public async Task Check_GatewayImage_AnswersHealthzAndThroughAProxiedRouteAsItsUserOnAReadOnlyRoot()
    {
        var check = await ImageFixture.CheckAsync(images.GatewayImage, "gateway");

        check.ExitCode.ShouldBe(0, check.Transcript());
        check.Stdout[^1].ShouldBe($"image-check: ok {images.GatewayImage} gateway healthz=200 uid=10001 proxied=200", check.Transcript());
    }

    [Fact]
    public async Task Publish_LinuxX64_AtriumGatewayIsANativeExecutableWithItsVersionAndSbom()
    {
        var binary = Path.Combine(images.PublishDirectory, "atrium-gateway");
        var start = new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true };
        start.Environment["DOTNET_ROOT"] = "/nonexistent";
        using var process = Process.Start(start)!;
        var output = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0);
        output.ShouldBe($"atrium 0.1.0 (commit {GitCheckout.Head()})");
        // Native AOT: one ELF executable, no managed assemblies or symbols shipped beside it.
        (await File.ReadAllBytesAsync(binary)).AsSpan(0, 4).ToArray().ShouldBe(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' });
        Directory.GetFiles(images.PublishDirectory, "atrium-gateway*").Select(Path.GetFileName).Order()
            .ShouldBe(["atrium-gateway", "atrium-gateway.cdx.json"]);
        using var sbom = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(images.PublishDirectory, "atrium-gateway.cdx.json")));
        sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString().ShouldBe("atrium-gateway");
        var components = sbom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        components.ShouldContain("YamlDotNet");
        components.ShouldNotContain("Microsoft.EntityFrameworkCore");
    }

    [Fact]
    public async Task Build_GatewayImage_IsAtMost40MegabytesCompressed()
    {
        var size = await RepositoryScript.RunAsync("bench/image-size.sh", null, TimeSpan.FromMinutes(5), images.PublishDirectory, images.GatewayImage);

        size.ExitCode.ShouldBe(0, size.Transcript());
        var line = size.Stdout.Single(l => l.StartsWith($"image={images.GatewayImage} ", StringComparison.Ordinal));
        var compressed = double.Parse(line.Split(' ').Single(f => f.StartsWith("compressed_mb=", StringComparison.Ordinal))["compressed_mb=".Length..],
            System.Globalization.CultureInfo.InvariantCulture);
        compressed.ShouldBeLessThanOrEqualTo(40, line);
    }

    [Fact]
    public async Task Check_AtriumImage_PlacesAnOrderOnTheEmbeddedDefaults()
    {
        var check = await ImageFixture.CheckAsync(images.AtriumImage, "order");

        check.ExitCode.ShouldBe(0, check.Transcript());
        check.Stdout[^1].ShouldBe($"image-check: ok {images.AtriumImage} order healthz=200 uid=10001 order=Confirmed", check.Transcript());
    }

    [Fact]
    public async Task Check_ImageWhoseUserIsRoot_FailsNamingTheUserAndRunsNothing()
    {
        var context = Directory.CreateTempSubdirectory("atrium-image-root-").FullName;
        var image = "localhost/atrium-as-root:check";
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context, "Containerfile"), $"FROM {images.AtriumImage}\nUSER 0:0\n");
            await PodmanAsync("build", "-q", "-t", image, context);

            var check = await ImageFixture.CheckAsync(image, "gateway");

            check.ExitCode.ShouldBe(1, check.Transcript());
            check.Stderr.ShouldContain("the image's user is '0:0', not a non-root uid:gid");
            check.Stderr.ShouldNotContain("running /app/atrium");
        }
        finally
        {
            await PodmanAsync("rmi", image);
            Directory.Delete(context, recursive: true);
        }
    }

    private static async Task<string> PodmanAsync(params string[] args)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var podman = Process.Start(start)!;
        var output = await podman.StandardOutput.ReadToEndAsync();
        var error = await podman.StandardError.ReadToEndAsync();
        await podman.WaitForExitAsync();
        podman.ExitCode.ShouldBe(0, error);
        return output;
    }
}
