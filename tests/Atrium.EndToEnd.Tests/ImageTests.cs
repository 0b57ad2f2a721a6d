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
        foreach (var (image, entrypoint) in new[] { (images.AtriumImage, new[] { "/app/atrium" }), (images.GatewayImage, ["/app/atrium", "run", "--target=gateway"]) })
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
    public async Task Check_GatewayImage_AnswersHealthzAsItsUserOnAReadOnlyRoot()
    {
        var check = await ImageFixture.CheckAsync(images.GatewayImage, "gateway");

        check.ExitCode.ShouldBe(0, check.Transcript());
        check.Stdout[^1].ShouldBe($"image-check: ok {images.GatewayImage} gateway healthz=200 uid=10001", check.Transcript());
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
