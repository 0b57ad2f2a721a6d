using System.Diagnostics;
using System.Net;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>HttpClients for tests: no proxy, no redirects, no cookies, and no trace headers of their own.</summary>
internal static class TestHttp
{
    public static SocketsHttpHandler Handler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        // The test process has a tracer listening too; keep HttpClient from adding traceparent so that tests control it.
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
    };

    public static HttpClient Client(Uri baseAddress, TimeSpan? timeout = null) => new(Handler())
    {
        BaseAddress = baseAddress,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>An HTTP/2-only client (prior knowledge over cleartext), as gRPC uses.</summary>
    public static HttpClient Http2Client(Uri baseAddress) => new(Handler())
    {
        BaseAddress = baseAddress,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
