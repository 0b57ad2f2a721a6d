using System.Diagnostics;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <c>openapi/client.js</c> under Node.js: installs npm <c>@apidevtools/swagger-parser</c> into <c>openapi/</c> once per
/// test run (as the Rpc tests install grpc-js), then validates documents or places an order from them.
/// </summary>
internal static class OpenApiClient
{
    public const string SwaggerParser = "@apidevtools/swagger-parser@12.1.0";

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    private static readonly string Directory = RepositoryRoot.File("tests", "Atrium.EndToEnd.Tests", "openapi");

    /// <summary>Runs <c>node client.js ARGS</c>; returns its exit code and one JSON object per line it printed.</summary>
    public static async Task<(int Exit, List<JsonObject> Lines, string Stderr)> RunAsync(params string[] args)
    {
        await Installed.Value;
        var (exit, stdout, stderr) = await ExecAsync("node", ["client.js", .. args], TimeSpan.FromMinutes(3));
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        return (exit, lines, stderr);
    }

    private static async Task InstallAsync()
    {
        try
        {
            await ExecAsync("node", ["--version"], TimeSpan.FromSeconds(30));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"The OpenAPI tests need Node.js 18+ and npm on PATH: apt-get install nodejs npm (./test.sh does). ({ex.Message})", ex);
        }

        if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@apidevtools", "swagger-parser")))
        {
            return;
        }

        var (exit, stdout, stderr) = await ExecAsync("npm", ["install", "--no-audit", "--no-fund", SwaggerParser], TimeSpan.FromMinutes(3));
        if (exit != 0)
        {
            throw new InvalidOperationException($"npm install {SwaggerParser} failed ({exit}): {stdout}{stderr}");
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> ExecAsync(string file, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
