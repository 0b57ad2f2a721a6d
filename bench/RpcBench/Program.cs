// Unary small-message benchmark for bench/rpc.sh on grpc-dotnet: `server PORT` serves
// grpc.testing.TestService/UnaryCall on h2c; `client ADDRESS SECONDS CONCURRENCY [SERVER_PID]` calls it in a closed
// loop and prints one line: calls/s, p99, and CPU time per call of this process and, given its pid, of the server.
using System.Globalization;
using RpcBench;

if (args is ["server", var portText])
{
    await BenchServer.RunAsync(int.Parse(portText, CultureInfo.InvariantCulture));
    return 0;
}

if (args is ["client", var address, var secondsText, var concurrencyText, .. var rest] && rest.Length <= 1)
{
    var line = await BenchClient.RunAsync(
        new Uri(address),
        TimeSpan.FromSeconds(double.Parse(secondsText, CultureInfo.InvariantCulture)),
        int.Parse(concurrencyText, CultureInfo.InvariantCulture),
        rest is [var pidText] ? int.Parse(pidText, CultureInfo.InvariantCulture) : null);
    Console.WriteLine(line);
    return 0;
}

Console.Error.WriteLine("usage: RpcBench server PORT | RpcBench client http://127.0.0.1:PORT SECONDS CONCURRENCY [SERVER_PID]");
return 2;
