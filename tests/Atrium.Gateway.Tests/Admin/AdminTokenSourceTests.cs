using System.Net;
using System.Net.Http.Headers;
using Atrium.Gateway.Admin;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Tests.Admin;

/// <summary>Where the admin token comes from: configured, from a file, or generated once into the data directory.</summary>
public sealed class AdminTokenSourceTests : IDisposable
{
    private const string Routes = """
        routes:
          - { id: api, match: { path: "/api/{**rest}" }, cluster: echo }
        clusters:
          echo: { endpoints: ["http://127.0.0.1:9"] }
        """;

    private readonly string _data = Directory.CreateTempSubdirectory("atrium-admin-token-").FullName;

    private string TokenPath => Path.Combine(_data, AdminTokenSource.GeneratedFileName);

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Start_NoTokenConfigured_GeneratesOwnerOnlyFileThatOpensTheAdminApi()
    {
        await using var gateway = await GatewayHost.StartAsync(Routes, adminYaml: "", dataDirectory: _data);

        var token = (await File.ReadAllTextAsync(TokenPath)).Trim();

        token.Length.ShouldBeGreaterThanOrEqualTo(40);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(TokenPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.GetFiles(_data).ShouldBe([TokenPath]);
        (await GetRoutesAsync(gateway, token)).ShouldBe(HttpStatusCode.OK);
        (await GetRoutesAsync(gateway, GatewayHost.AdminToken)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Start_Again_ReusesTheGeneratedToken()
    {
        string first;
        await using (var gateway = await GatewayHost.StartAsync(Routes, adminYaml: "", dataDirectory: _data))
        {
            first = (await File.ReadAllTextAsync(TokenPath)).Trim();
        }

        await using var restarted = await GatewayHost.StartAsync(Routes, adminYaml: "", dataDirectory: _data);

        (await File.ReadAllTextAsync(TokenPath)).Trim().ShouldBe(first);
        (await GetRoutesAsync(restarted, first)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Start_TokenGenerated_LogsTheFilesPathButNotTheToken()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        await using var gateway = await GatewayHost.StartAsync(Routes, adminYaml: "", dataDirectory: _data, loggerFactory: loggerFactory);

        var token = (await File.ReadAllTextAsync(TokenPath)).Trim();
        logs.Messages.ShouldContain(m => m.Contains(TokenPath, StringComparison.Ordinal));
        logs.Messages.ShouldNotContain(m => m.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_TokenFile_UsesItsContentAndGeneratesNothing()
    {
        var file = Path.Combine(_data, "mounted-secret");
        await File.WriteAllTextAsync(file, "from-a-mounted-secret-0123456789\n");

        await using var gateway = await GatewayHost.StartAsync(Routes, adminYaml: $"tokenFile: \"{file}\"", dataDirectory: _data);

        (await GetRoutesAsync(gateway, "from-a-mounted-secret-0123456789")).ShouldBe(HttpStatusCode.OK);
        File.Exists(TokenPath).ShouldBeFalse();
    }

    [Fact]
    public async Task Start_TokenFileMissing_FailsSayingWhichFile()
    {
        var missing = Path.Combine(_data, "no-such-file");

        var failure = await Should.ThrowAsync<InvalidOperationException>(
            () => GatewayHost.StartAsync(Routes, adminYaml: $"tokenFile: \"{missing}\"", dataDirectory: _data));

        failure.Message.ShouldContain(missing);
    }

    [Theory]
    [InlineData("short-token-15c\n")]
    [InlineData("  tiny-9  \n")]
    public async Task Start_TokenFileShorterThanTheMinimum_FailsSayingWhichFileWithoutTheToken(string content)
    {
        var file = Path.Combine(_data, "mounted-secret");
        await File.WriteAllTextAsync(file, content);

        var failure = await Should.ThrowAsync<InvalidOperationException>(
            () => GatewayHost.StartAsync(Routes, adminYaml: $"tokenFile: \"{file}\"", dataDirectory: _data));

        failure.Message.ShouldContain(file);
        failure.Message.ShouldContain("at least 16");
        failure.Message.ShouldNotContain(content.Trim());
    }

    [Fact]
    public async Task Start_TokenFileOpenToOthers_WarnsOnceNamingTheFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var file = Path.Combine(_data, "mounted-secret");
        await File.WriteAllTextAsync(file, "from-a-mounted-secret-0123456789\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var gateway = await GatewayHost.StartAsync(Routes, adminYaml: $"tokenFile: \"{file}\"", dataDirectory: _data, loggerFactory: loggerFactory);

        logs.Messages.Count(m => m.Contains(file, StringComparison.Ordinal) && m.Contains("chmod 600", StringComparison.Ordinal)).ShouldBe(1);
        (await GetRoutesAsync(gateway, "from-a-mounted-secret-0123456789")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Start_GeneratedTokenFileOpenToOthers_TightensIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using (var first = await GatewayHost.StartAsync(Routes, adminYaml: "", dataDirectory: _data))
        {
        }

        File.SetUnixFileMode(TokenPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var restarted = await GatewayHost.StartAsync(Routes, adminYaml: "", dataDirectory: _data);

        File.GetUnixFileMode(TokenPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static async Task<HttpStatusCode> GetRoutesAsync(GatewayHost gateway, string token)
    {
        using var admin = gateway.AnonymousAdminClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await admin.GetAsync("/admin/routes");
        return response.StatusCode;
    }
}
