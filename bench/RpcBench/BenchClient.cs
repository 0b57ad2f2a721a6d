using System.Globalization;
using Google.Protobuf;
using Atrium.Rpc.Client;
using Grpc.Net.Client;
using Grpc.Testing;

namespace RpcBench;

/// <summary>
/// Closed loop on one <see cref="GrpcChannel"/> made as the modules make theirs (<see cref="GrpcChannels"/>): CONCURRENCY callers, each
/// sending the next call when the last one's response arrives.
/// </summary>
internal static class BenchClient
{
    public static async Task<string> RunAsync(Uri address, TimeSpan duration, int concurrency, int? serverPid)
    {
        // The channel and invoker the modules call their peers with (client metrics interceptor included).
        using var channel = GrpcChannels.Create(address);
        var client = new TestService.TestServiceClient(channel.CreateInvoker());
        var request = new SimpleRequest { ResponseSize = 16, Payload = new Payload { Body = ByteString.CopyFrom(new byte[16]) } };

        // Warm up (JIT, tiering, connections), then measure.
        await LoopAsync(client, request, concurrency, TimeSpan.FromSeconds(Math.Min(2, duration.TotalSeconds / 3)));

        var clientCpu = Environment.CpuUsage.TotalTime;
        var serverCpu = serverPid is { } before ? ProcessCpu.Read(before) : TimeSpan.Zero;
        var started = TimeProvider.System.GetTimestamp();
        var latencies = await LoopAsync(client, request, concurrency, duration);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        clientCpu = Environment.CpuUsage.TotalTime - clientCpu;
        serverCpu = serverPid is { } after ? ProcessCpu.Read(after) - serverCpu : TimeSpan.Zero;

        latencies.Sort();
        var calls = latencies.Count;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"calls/s={calls / elapsed.TotalSeconds:F0} p99_ms={latencies[(int)(calls * 0.99)]:F3} client_cpu_us={clientCpu.TotalMicroseconds / calls:F1}");
        return serverPid is null ? line : string.Create(CultureInfo.InvariantCulture, $"{line} server_cpu_us={serverCpu.TotalMicroseconds / calls:F1}");
    }

    private static async Task<List<double>> LoopAsync(TestService.TestServiceClient client, SimpleRequest request, int concurrency, TimeSpan duration)
    {
        var stopAt = TimeProvider.System.GetTimestamp() + (long)(duration.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var callers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var local = new List<double>(100_000);
            while (TimeProvider.System.GetTimestamp() < stopAt)
            {
                var started = TimeProvider.System.GetTimestamp();
                using var call = client.UnaryCallAsync(request);
                await call.ResponseAsync;
                local.Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            }

            return local;
        })).ToArray();
        return (await Task.WhenAll(callers)).SelectMany(l => l).ToList();
    }
}
