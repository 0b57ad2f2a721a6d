using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real <c>atrium</c> binary as a child process (<c>dotnet atrium.dll ARGS</c>), in its own temporary working
/// directory, with stdout and stderr collected line by line. Dispose kills whatever still runs.
/// </summary>
internal sealed class AtriumProcess : IDisposable
{
    /// <summary>The bootstrap administrator's password in every process the tests start.</summary>
    public const string AdminPassword = "e2e-admin-password";

    // A split topology starts several processes at once, each JIT-compiling its start; on two shared cores under other
    // builds that has taken over 30 s. A process that starts returns at once, so the length costs nothing when green.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly string _directory;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly Lock _gate = new();

    private AtriumProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public int Id => _process.Id;

    public string ConfigPath => Path.Combine(_directory, "atrium.yaml");

    /// <summary>The process's working directory, which holds its <c>data</c> directory.</summary>
    public string WorkingDirectory => _directory;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_gate)
            {
                return [.. _stdout];
            }
        }
    }

    public IReadOnlyList<string> Stderr
    {
        get
        {
            lock (_gate)
            {
                return [.. _stderr];
            }
        }
    }

    /// <summary>Every stdout line that is a JSON log object, in order.</summary>
    public IReadOnlyList<LogLine> Logs => Stdout.Select(LogLine.TryParse).OfType<LogLine>().ToList();

    /// <summary>Writes <paramref name="configYaml"/> (if any) to a fresh directory and starts <c>atrium ARGS</c> there.</summary>
    public static AtriumProcess Start(string? configYaml, params string[] args) =>
        StartIn(Directory.CreateTempSubdirectory("atrium-e2e-").FullName, configYaml, args, null);

    /// <summary>Starts <c>EXECUTABLE run --config FILE</c> (a published binary, such as atrium-gateway) with <paramref name="configYaml"/>.</summary>
    public static AtriumProcess RunExecutable(string executable, string configYaml)
    {
        var directory = Directory.CreateTempSubdirectory("atrium-e2e-").FullName;
        return StartIn(directory, configYaml, ["run", "--config", Path.Combine(directory, "atrium.yaml")], null, executable);
    }

    private static AtriumProcess StartIn(
        string directory, string? configYaml, string[] args, IReadOnlyDictionary<string, string>? environment, string? executable = null)
    {
        if (configYaml is not null)
        {
            File.WriteAllText(Path.Combine(directory, "atrium.yaml"), configYaml);
        }

        var start = new ProcessStartInfo(executable ?? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (executable is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "atrium.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ATRIUM_CONFIG");

        // Config overrides come only from the test: one left in the runner's environment would change every process.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ATRIUM__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ATRIUM_ADMIN_PASSWORD"] = AdminPassword;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var atrium = new AtriumProcess(process, directory);
        process.OutputDataReceived += (_, e) => atrium.Append(atrium._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => atrium.Append(atrium._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return atrium;
    }

    /// <summary>Sends SIGKILL: the process dies at once, mid-write, as on a crash or an OOM kill.</summary>
    public void Crash()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>Starts <c>atrium run --config FILE ARGS</c> with <paramref name="configYaml"/>.</summary>
    public static AtriumProcess Run(string configYaml, params string[] args) => RunWith(configYaml, null, args);

    /// <summary>Starts <c>atrium run --config FILE ARGS</c> with <paramref name="environment"/> added to its environment.</summary>
    public static AtriumProcess RunWith(string configYaml, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("atrium-e2e-").FullName;
        return StartIn(directory, configYaml, ["run", "--config", Path.Combine(directory, "atrium.yaml"), .. args], environment);
    }

    /// <summary>
    /// Waits until every <paramref name="ports"/> answers <c>/readyz</c> with 200 and atrium logs that it is running.
    /// </summary>
    public async Task WaitUntilReadyAsync(HttpClient http, params int[] ports)
    {
        foreach (var port in ports)
        {
            await Eventually.UntilAsync(async () => !HasExited ? await IsReadyAsync(http, port) : throw new InvalidOperationException(
                $"atrium exited before /readyz on port {port} answered.{Environment.NewLine}{Transcript()}"), $"/readyz on port {port}", StartTimeout, Transcript);
        }

        await WaitForLogAsync(l => l["category"] == "Atrium" && l["message"]?.StartsWith("Atrium is running", StringComparison.Ordinal) == true,
            StartTimeout, "the 'Atrium is running' line");
    }

    /// <summary>Waits for a JSON log line matching <paramref name="match"/> and returns it.</summary>
    public Task<LogLine> WaitForLogAsync(Func<LogLine, bool> match, TimeSpan timeout, string what) =>
        Eventually.ValueAsync(() => Logs.FirstOrDefault(match), what, timeout, Transcript);

    /// <summary>Waits for the process to exit and returns its exit code; throws if it has not exited by the deadline.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"atrium did not exit within {timeout.TotalSeconds} s.{Environment.NewLine}{Transcript()}");
        }

        // The parameterless wait also drains the redirected streams, so that no last line is lost.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a container runtime or systemd would.</summary>
    public void Terminate()
    {
        if (Posix.Kill(Id, Posix.SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Everything the process wrote so far, for failure messages.</summary>
    public string Transcript()
    {
        var text = new StringBuilder();
        text.AppendLine(HasExited ? $"--- atrium exited with {ExitCode}" : "--- atrium is running");
        text.AppendLine("--- stdout");
        foreach (var line in Stdout)
        {
            text.AppendLine(line);
        }

        text.AppendLine("--- stderr");
        foreach (var line in Stderr)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            lines.Add(line);
        }
    }
}
