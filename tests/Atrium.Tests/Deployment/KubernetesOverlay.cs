using System.Diagnostics;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Tests.Deployment;

/// <summary>
/// Renders <c>deploy/kubernetes/overlays/NAME</c> with <c>kubectl kustomize</c> and passes the result through
/// <c>kubernetes/validate.mjs</c> (the pinned Kubernetes OpenAPI schema, npm <c>kubernetes-models</c>, and the API's
/// field lists, npm <c>@kubernetes/client-node</c>, installed into <c>kubernetes/</c> once per test run as the
/// end-to-end tests install swagger-parser).
/// </summary>
internal static class KubernetesOverlay
{
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    private static readonly string ValidatorDirectory = RepositoryRoot.File("tests", "Atrium.Tests", "Deployment", "kubernetes");

    /// <summary>The overlay's objects, each valid against the schema, or an exception naming every error.</summary>
    public static async Task<RenderedManifests> RenderAsync(string overlay)
    {
        var rendered = await ExecAsync("kubectl", ["kustomize", RepositoryRoot.File("deploy", "kubernetes", "overlays", overlay)], stdin: null);
        if (rendered.Exit != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize of {overlay} failed ({rendered.Exit}): {rendered.Stderr}");
        }

        return new RenderedManifests(await ValidateAsync(rendered.Stdout));
    }

    /// <summary>The objects of a YAML stream, each valid against the schema, or an exception naming every error.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ValidateAsync(string yaml)
    {
        await Installed.Value;
        var (exit, stdout, stderr) = await ExecAsync("node", ["validate.mjs"], yaml);
        if (exit != 0)
        {
            throw new InvalidOperationException($"the Kubernetes schema refused objects:\n{stderr}");
        }

        return JsonNode.Parse(stdout)!.AsArray().Select(o => o!.AsObject()).ToList();
    }

    private static async Task InstallAsync()
    {
        foreach (var tool in new[] { "kubectl", "node" })
        {
            try
            {
                await ExecAsync(tool, tool == "kubectl" ? ["version", "--client"] : ["--version"], stdin: null);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"The Kubernetes manifest tests need '{tool}' on PATH: kubectl with kustomize v5 (pkgs.k8s.io), Node.js and npm (./test.sh installs those). ({ex.Message})", ex);
            }
        }

        if (Directory.Exists(Path.Combine(ValidatorDirectory, "node_modules", "kubernetes-models"))
            && Directory.Exists(Path.Combine(ValidatorDirectory, "node_modules", "@kubernetes", "client-node")))
        {
            return;
        }

        var (exit, stdout, stderr) = await ExecAsync("npm", ["install", "--no-audit", "--no-fund"], stdin: null);
        if (exit != 0)
        {
            throw new InvalidOperationException($"npm install in {ValidatorDirectory} failed ({exit}): {stdout}{stderr}");
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> ExecAsync(string file, string[] args, string? stdin)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = ValidatorDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin ?? "");
        process.StandardInput.Close();
        var timeout = TimeSpan.FromMinutes(3);
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
