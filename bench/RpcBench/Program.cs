// Unary small-message benchmark for bench/rpc.sh: `server PORT` serves grpc.testing.TestService/UnaryCall on h2c;
// `client ADDRESS SECONDS CONCURRENCY` calls it in a closed loop and prints one line: calls/s and p99.
using System.Globalization;
using System.Net;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Rpc.Server;
using Google.Protobuf;
using Grpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

var unaryCall = new RpcMethod<SimpleRequest, SimpleResponse>(RpcMethodType.Unary, "grpc.testing.TestService", "UnaryCall", SimpleRequest.Parser, SimpleResponse.Parser);

if (args is ["server", var portText])
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.ConfigureKestrel(k =>
    {
        k.Limits.Http2.MaxStreamsPerConnection = 1000;
        k.Listen(IPAddress.Loopback, int.Parse(portText, CultureInfo.InvariantCulture), l => l.Protocols = HttpProtocols.Http2);
    });
    builder.Services.AddRpcServer();
    var app = builder.Build();
    app.MapRpcService(s => s.MapUnary(unaryCall, (request, _) => Task.FromResult(new SimpleResponse
    {
        Payload = new Payload { Body = ByteString.CopyFrom(new byte[request.ResponseSize]) },
    })));
    await app.RunAsync();
    return 0;
}

if (args is ["client", var address, var secondsText, var concurrencyText])
{
    var seconds = double.Parse(secondsText, CultureInfo.InvariantCulture);
    var concurrency = int.Parse(concurrencyText, CultureInfo.InvariantCulture);
    using var channel = new RpcChannel(new Uri(address));
    var request = new SimpleRequest { ResponseSize = 16, Payload = new Payload { Body = ByteString.CopyFrom(new byte[16]) } };

    // Warm up (JIT, connections), then measure.
    await RunAsync(TimeSpan.FromSeconds(Math.Min(2, seconds / 3)));
    var (calls, latencies) = await RunAsync(TimeSpan.FromSeconds(seconds));
    latencies.Sort();
    var p99 = latencies[(int)(latencies.Count * 0.99)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls/s={calls / seconds:F0} p99_ms={p99:F3}"));
    return 0;

    async Task<(long Calls, List<double> Latencies)> RunAsync(TimeSpan duration)
    {
        var stopAt = TimeProvider.System.GetTimestamp() + (long)(duration.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var local = new List<double>(100_000);
            while (TimeProvider.System.GetTimestamp() < stopAt)
            {
                var started = TimeProvider.System.GetTimestamp();
                await channel.UnaryAsync(unaryCall, request);
                local.Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            }

            return local;
        })).ToArray();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).ToList();
        return (all.Count, all);
    }
}

Console.Error.WriteLine("usage: RpcBench server PORT | RpcBench client http://127.0.0.1:PORT SECONDS CONCURRENCY");
return 2;
