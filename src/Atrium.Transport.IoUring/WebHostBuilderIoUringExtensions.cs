using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Transport.IoUring;

/// <summary>Selects the io_uring transport for Kestrel.</summary>
public static class WebHostBuilderIoUringExtensions
{
    /// <summary>
    /// Makes Kestrel accept and serve its TCP listeners through io_uring (check <see cref="IoUringTransport.IsSupported"/>
    /// first); other endpoints keep the socket transport.
    /// </summary>
    public static IWebHostBuilder UseIoUring(this IWebHostBuilder builder, Action<IoUringTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services =>
        {
            // Added after the socket transport, so Kestrel, which tries the last registered factory first, picks it.
            services.AddSingleton<IConnectionListenerFactory, IoUringTransportFactory>();
            if (configure is not null)
            {
                services.Configure(configure);
            }
        });
    }
}
