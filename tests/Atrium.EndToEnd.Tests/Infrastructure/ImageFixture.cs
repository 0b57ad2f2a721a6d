namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One linux-x64 publish by <c>deploy/publish.sh</c> and the two images <c>deploy/image/build.sh</c> builds from it,
/// shared by the tests of a class. The publish is of the Debug configuration, which reuses the test run's build of the
/// libraries (Release would compile everything again on a busy CI machine); the scripts are the same either way.
/// </summary>
public sealed class ImageFixture : IAsyncLifetime
{
    /// <summary>The <c>org.opencontainers.image.source</c> label the tests build with (a checkout has no remote).</summary>
    public const string Source = "https://example.invalid/atrium";

    // The publish compiles atrium-gateway Native AOT, minutes on a busy two-core machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("atrium-image-").FullName;

    /// <summary>Where the publish left <c>atrium</c> and <c>atrium.cdx.json</c>.</summary>
    public string PublishDirectory => Path.Combine(_dir, "linux-x64");

    /// <summary>The atrium image's reference, as build.sh printed it.</summary>
    public string AtriumImage { get; private set; } = "";

    /// <summary>The gateway image's reference, as build.sh printed it.</summary>
    public string GatewayImage { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var publish = await RepositoryScript.RunAsync(
            "deploy/publish.sh", new Dictionary<string, string> { ["ATRIUM_PUBLISH_CONFIGURATION"] = "Debug" }, Timeout, _dir, "linux-x64");
        publish.ExitCode.ShouldBe(0, publish.Transcript());

        var build = await RepositoryScript.RunAsync(
            "deploy/image/build.sh", new Dictionary<string, string> { ["ATRIUM_IMAGE_SOURCE"] = Source }, Timeout, PublishDirectory);
        build.ExitCode.ShouldBe(0, build.Transcript());
        build.Stdout.Count.ShouldBe(2, build.Transcript());
        (AtriumImage, GatewayImage) = (build.Stdout[0], build.Stdout[1]);
    }

    /// <summary>Runs <c>deploy/image/check.sh IMAGE MODE</c>.</summary>
    internal static Task<ScriptRun> CheckAsync(string image, string mode) =>
        RepositoryScript.RunAsync("deploy/image/check.sh", null, Timeout, image, mode);

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
