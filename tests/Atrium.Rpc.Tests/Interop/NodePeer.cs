using System.Diagnostics;
using System.Text.Json;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>
/// The grpc-js peer: installs <c>@grpc/grpc-js</c> and <c>@grpc/proto-loader</c> into <c>interop/</c> once per test run,
/// runs <c>client.js</c> for the interop cases and starts <c>server.js</c>.
/// </summary>
internal static class NodePeer
{
    public const string GrpcJs = "@grpc/grpc-js@1.14.7";
    public const string ProtoLoader = "@grpc/proto-loader@0.8.1";

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    public static string Directory { get; } = FindInteropDirectory();

    public static Task EnsureInstalledAsync() => Installed.Value;

    /// <summary>Runs <c>client.js</c> against <paramref name="target"/> (host:port) and returns each case's error (null when it passed).</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> RunClientAsync(string target, IEnumerable<string> cases)
    {
        await EnsureInstalledAsync().ConfigureAwait(false);
        var (exit, stdout, stderr) = await RunAsync("node", ["client.js", target, string.Join(',', cases)], TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        var results = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            results[root.GetProperty("case").GetString()!] = root.GetProperty("ok").GetBoolean() ? null : root.GetProperty("error").GetString();
        }

        if (results.Count == 0)
        {
            throw new InvalidOperationException($"node client.js exited {exit} without results: {stderr}");
        }

        return results;
    }

    /// <summary>Starts <c>server.js</c> on a free port; dispose the result to stop it.</summary>
    public static async Task<NodeServer> StartServerAsync()
    {
        await EnsureInstalledAsync().ConfigureAwait(false);
        var process = Process.Start(Info("node", ["server.js", "0"]))!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"node server.js did not start: {line} {await process.StandardError.ReadToEndAsync().ConfigureAwait(false)}");
        }

        return new NodeServer(process, int.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task InstallAsync()
    {
        foreach (var tool in new[] { "node", "npm" })
        {
            try
            {
                await RunAsync(tool, ["--version"], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"The interop tests need '{tool}' (Node.js 18+) on PATH: apt-get install nodejs npm. ({ex.Message})", ex);
            }
        }

        if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js"))
            && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "proto-loader")))
        {
            return;
        }

        var (exit, stdout, stderr) = await RunAsync("npm", ["install", "--no-audit", "--no-fund", GrpcJs, ProtoLoader], TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new InvalidOperationException($"npm install {GrpcJs} {ProtoLoader} failed ({exit}): {stdout}{stderr}");
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        using var process = Process.Start(Info(file, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static ProcessStartInfo Info(string file, string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static string FindInteropDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Atrium.Rpc.Tests", "interop");
            if (File.Exists(Path.Combine(candidate, "client.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Atrium.Rpc.Tests/interop was not found above " + AppContext.BaseDirectory);
    }
}
