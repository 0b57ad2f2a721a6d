// usage: TransportRelay PORT UPSTREAM_PORT sockets|iouring
using System.Net;
using Atrium.Transport.IoUring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TransportRelay;

var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var upstreamPort = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
if (args[2] == "iouring")
{
    builder.WebHost.UseIoUring();
}

builder.Services.AddSingleton(new IPEndPoint(IPAddress.Loopback, upstreamPort));
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseConnectionHandler<Relay>()));
await builder.Build().RunAsync();
