using System.Diagnostics;

namespace Atrium.Testing;

/// <summary>
/// A real server binary run for one test (<see cref="RedisServer"/>, <see cref="EtcdServer"/>): a temp directory of its
/// own, the arguments its subclass gives, ready once the subclass's probe says so. It can be stopped (killed, as an
/// outage) and started again with the same arguments, and is killed and its directory deleted on dispose.
/// </summary>
public abstract class ThrowawayServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private readonly string _binary;
    private readonly string _name;
    private Process? _process;
    private string? _lastOutput;

    private protected ThrowawayServer(string binary, string name, string root)
    {
        _binary = binary;
        _name = name;
        Root = root;
    }

    /// <summary>The server's temp directory.</summary>
    private protected string Root { get; }

    /// <summary>Starts the server (again) and waits until it is ready; what it finds of its data is the subclass's to say.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => _lastOutput = e.Data ?? _lastOutput;
        _process.ErrorDataReceived += (_, e) => _lastOutput = e.Data ?? _lastOutput;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited with {_process.ExitCode}: {_lastOutput}");
            }

            if (await IsReadyAsync())
            {
                return;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"{_name} was not ready within {StartTimeout}: {_lastOutput}");
            }

            await Task.Delay(ProbeInterval);
        }
    }

    /// <summary>Kills the server (as an outage would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is removed with the machine's temp files anyway.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A new temp directory for a server of <paramref name="binary"/>, or the install hint when it is missing.</summary>
    private protected static string NewRoot(string binary, string package, string prefix) =>
        File.Exists(binary)
            ? Directory.CreateTempSubdirectory(prefix).FullName
            : throw new InvalidOperationException($"{binary} is missing: install Debian's {package} (./test.sh does).");

    /// <summary>The server's command line after the binary.</summary>
    private protected abstract IEnumerable<string> Arguments();

    /// <summary>Whether the server answers as ready; false while it is not listening yet.</summary>
    private protected abstract Task<bool> IsReadyAsync();
}
