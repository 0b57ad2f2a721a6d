using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Atrium.Rpc.Client;

/// <summary>
/// Creates the one channel a module keeps per peer. Create it once and share it: a channel owns its HTTP/2
/// connections, and one per call would pay a TCP handshake and lose multiplexing.
/// </summary>
public static class GrpcChannels
{
    /// <summary>How long to wait for a TCP connection to a peer: 5 s.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The idle time after which a connection is pinged to learn whether the peer is still there: 30 s.</summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);

    /// <summary>How long a keep-alive ping may go unanswered before the connection is dropped: 10 s.</summary>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first reconnection attempt to a peer that went away: 200 ms, growing from there.</summary>
    public static readonly TimeSpan InitialReconnectBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between reconnection attempts: 5 s.</summary>
    public static readonly TimeSpan MaxReconnectBackoff = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A channel to <paramref name="address"/> (<c>http://</c> speaks HTTP/2 without TLS, as the modules' <c>h2c</c>
    /// listeners do): more connections are opened when one reaches the peer's stream limit, idle connections are
    /// pinged and kept, a peer that went away is tried again within <see cref="MaxReconnectBackoff"/>, proxies from the
    /// environment are not used, messages are limited to 4 MiB each way. With <paramref name="credentials"/> (a
    /// <see cref="ServiceTokenSource.CredentialsFor"/>), every call carries them, on <c>http://</c> as on
    /// <c>https://</c>: the internal listeners are h2c, and the callee checks the token on every call.
    /// </summary>
    public static GrpcChannel Create(Uri address, CallCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.Scheme == Uri.UriSchemeHttp;
        var handler = new SocketsHttpHandler
        {
            // Peers are named in config; an HTTP_PROXY meant for the outside world must not carry h2c between them.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = ConnectTimeout,
            KeepAlivePingDelay = KeepAlivePingDelay,
            KeepAlivePingTimeout = KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = GrpcOptions.DefaultMaxMessageSize,
            MaxSendMessageSize = GrpcOptions.DefaultMaxMessageSize,
            // Calls fail at once while the channel waits to reconnect, so a peer that is back must not wait long for
            // the next attempt; grpc-dotnet's own defaults grow to 120 s.
            InitialReconnectBackoff = InitialReconnectBackoff,
            MaxReconnectBackoff = MaxReconnectBackoff,
            Credentials = credentials is null ? null : ChannelCredentials.Create(plain ? ChannelCredentials.Insecure : ChannelCredentials.SecureSsl, credentials),
            // grpc-dotnet applies call credentials only over TLS unless told otherwise.
            UnsafeUseInsecureChannelCallCredentials = credentials is not null && plain,
        });
    }

    /// <summary>
    /// The invoker to build generated clients on: <paramref name="channel"/> with the <c>rpc.client.call.duration</c>
    /// histogram around every call.
    /// </summary>
    public static CallInvoker CreateInvoker(this GrpcChannel channel, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Intercept(new ClientMetricsInterceptor(timeProvider ?? TimeProvider.System));
    }
}
