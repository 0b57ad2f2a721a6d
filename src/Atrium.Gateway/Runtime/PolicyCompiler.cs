using System.Net;
using System.Text.Json;
using Atrium.Chassis.Security;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.RateLimiting;
using Atrium.Gateway.Security;
using Atrium.Gateway.Telemetry;
using Atrium.Gateway.Traffic;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Runtime;

/// <summary>
/// Compiles the traffic policies of a config into <see cref="RoutePolicies"/>, keeping state that must survive a
/// reload when its config did not change: a route's rate limiter (counts) and the JWT validator (fetched keys and
/// validated tokens). Called under the runtime's reload lock.
/// </summary>
internal sealed class PolicyCompiler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly PolicyMetrics _metrics;
    private readonly ConcurrencyGate _gate;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _jwksClient;
    private Dictionary<string, RouteRateLimiter> _limiters = new(StringComparer.Ordinal);
    private (string Fingerprint, JwtAuthenticator Authenticator)? _jwt;

    public PolicyCompiler(TimeProvider time, PolicyMetrics metrics, ConcurrencyGate gate, ILoggerFactory loggers)
    {
        _time = time;
        _metrics = metrics;
        _gate = gate;
        _loggers = loggers;
        _jwksClient = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.All })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
    }

    /// <summary>The JWT validator of the live config, for the admin API.</summary>
    public JwtAuthenticator? Jwt => _jwt?.Authenticator;

    public ConcurrencyGate Gate => _gate;

    /// <summary>Compiles every route's policies; the result is keyed by route id.</summary>
    public Dictionary<string, RoutePolicies> Compile(GatewayOptions options, IReadOnlyDictionary<string, ClusterState> clusters)
    {
        var jwt = CompileJwt(options.Auth.Jwt);
        var apiKeys = options.Auth.ApiKeys.Count > 0 ? new ApiKeyAuthenticator(options.Auth) : null;
        var limiters = new Dictionary<string, RouteRateLimiter>(StringComparer.Ordinal);
        var result = new Dictionary<string, RoutePolicies>(StringComparer.Ordinal);
        foreach (var route in options.Routes)
        {
            RouteRateLimiter? limiter = null;
            if (route.RateLimit is { } limit)
            {
                var fingerprint = JsonSerializer.Serialize(limit, GatewayConfigJson.Default.RateLimitConfig);
                limiter = _limiters.TryGetValue(route.Id, out var existing) && existing.Fingerprint == fingerprint
                    ? existing
                    : new RouteRateLimiter(limit, fingerprint, _time);
                limiters[route.Id] = limiter;
            }

            var others = FeaturePolicies.Compile(route, clusters, _time);
            if (route.Cors is null && route.Faults is null && route.Auth is null && limiter is null && route.Split is null && route.Mirror is null
                && others.Count == 0)
            {
                result[route.Id] = RoutePolicies.None;
                continue;
            }

            result[route.Id] = new RoutePolicies
            {
                Cors = route.Cors is { } cors ? new CorsPolicy(cors) : null,
                Faults = route.Faults is { } faults ? new FaultPolicy(faults) : null,
                Auth = route.Auth is { Require: AuthRequirement.Authenticated } auth ? new RouteAuthPolicy(auth, jwt, apiKeys) : null,
                RateLimit = limiter,
                Split = route.Split is { } split ? new TrafficSplitter(split, clusters[route.Cluster], clusters) : null,
                Mirror = route.Mirror is { } mirror ? new MirrorPolicy(mirror, clusters[mirror.Cluster]) : null,
                Others = others,
            };
        }

        foreach (var (id, old) in _limiters)
        {
            if (!limiters.TryGetValue(id, out var kept) || !ReferenceEquals(kept, old))
            {
                // A request still on the old snapshot that reaches a disposed limiter is admitted.
                old.Dispose();
            }
        }

        _limiters = limiters;
        _gate.Limit = options.GlobalConcurrencyLimit;
        return result;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }

        _jwksClient.Dispose();
    }

    private JwtAuthenticator? CompileJwt(JwtOptions? options)
    {
        if (options is null)
        {
            _jwt = null;
            return null;
        }

        var fingerprint = JsonSerializer.Serialize(options, GatewayConfigJson.Default.JwtOptions);
        if (_jwt is { } current && current.Fingerprint == fingerprint)
        {
            return current.Authenticator;
        }

        ISigningKeySource keys = options.JwksUrl.Length > 0
            ? new JwksSigningKeys(
                new Uri(options.JwksUrl), _jwksClient, _time, options.JwksRefreshMinInterval, options.JwksCacheDuration,
                _loggers.CreateLogger<JwksSigningKeys>(), _metrics.JwksFetch)
            : new StaticSigningKeys(SigningKeyLoader.LoadAll(options.SigningKeys));
        var authenticator = new JwtAuthenticator(options, keys, _time);
        _jwt = (fingerprint, authenticator);
        return authenticator;
    }
}
