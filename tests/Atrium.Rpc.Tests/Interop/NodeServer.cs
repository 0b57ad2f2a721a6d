using System.Diagnostics;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>A running grpc-js interop server.</summary>
internal sealed class NodeServer(Process process, int port) : IDisposable
{
    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}
