using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Rpc.Server;

/// <summary>What every call handler of one application shares: options, clock, logger and the mapped services.</summary>
internal sealed class RpcServerRuntime(IOptions<RpcServerOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    public RpcServerOptions Options { get; } = options.Value;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("Atrium.Rpc.Server");

    /// <summary>Services mapped on this application, for the health service's per-service answers.</summary>
    public ConcurrentDictionary<string, bool> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>Set once the UNIMPLEMENTED fallback is mapped.</summary>
    public int FallbackMapped;
}
