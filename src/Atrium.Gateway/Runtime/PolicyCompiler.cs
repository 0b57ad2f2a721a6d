using System.Net;
using System.Text.Json;
using Atrium.Chassis.Security;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Plugins;
using Atrium.Gateway.RateLimiting;
using Atrium.Gateway.Routing;
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
    private RedisLimitStore? _redis;
    private Dictionary<string, (string Fingerprint, TokenBudgets Budgets)> _budgets = new(StringComparer.Ordinal);

    private readonly PluginMetrics _pluginMetrics;

    public PolicyCompiler(
        TimeProvider time, PolicyMetrics metrics, ConcurrencyGate gate, ILoggerFactory loggers, RateLimitStoreMetrics storeMetrics, PluginMetrics pluginMetrics)
    {
        storeMetrics.ObserveRedis(() => Volatile.Read(ref _redis)?.IsUp);
        _pluginMetrics = pluginMetrics;
        PluginRuntimes.Current?.UseLoggerFactory(loggers);
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

    /// <summary>The Redis of the live config's <c>store: redis</c> limits; null when no route uses it.</summary>
    public RedisLimitStore? Redis => Volatile.Read(ref _redis);

    /// <summary>Compiles every route's policies; the result is keyed by route id.</summary>
    public Dictionary<string, RoutePolicies> Compile(GatewayOptions options, IReadOnlyDictionary<string, ClusterState> clusters)
    {
        var jwt = CompileJwt(options.Auth.Jwt);
        var apiKeys = options.Auth.ApiKeys.Count > 0 ? new ApiKeyAuthenticator(options.Auth) : null;
        var redis = CompileRedis(options);
        var limiters = new Dictionary<string, RouteRateLimiter>(StringComparer.Ordinal);
        var budgets = new Dictionary<string, (string Fingerprint, TokenBudgets Budgets)>(StringComparer.Ordinal);
        var result = new Dictionary<string, RoutePolicies>(StringComparer.Ordinal);
        var plugins = new PluginChainCompiler(options, _pluginMetrics, _loggers.CreateLogger<PluginChainStage>());
        foreach (var route in options.Routes)
        {
            var chain = plugins.Compile(route);
            RouteRateLimiter? limiter = null;
            if (route.RateLimit is { } limit)
            {
                var store = limit.Store == RateLimitStore.Redis ? redis : null;
                // A shared limit is rebuilt with its store, whose fallback is sized by the store's replicas.
                var fingerprint = JsonSerializer.Serialize(limit, GatewayConfigJson.Default.RateLimitConfig) + store?.Fingerprint;
                limiter = _limiters.TryGetValue(route.Id, out var existing) && existing.Fingerprint == fingerprint
                    ? existing
                    : new RouteRateLimiter(limit, fingerprint, _time, store);
                limiters[route.Id] = limiter;
            }

            var llm = route.Llm is { } llmConfig ? new LlmRoutingPolicy(llmConfig, clusters[route.Cluster], clusters, CompileBudgets(route.Id, llmConfig, budgets)) : null;
            var others = FeaturePolicies.Compile(route, clusters, _time);
            if (route.Cors is null && route.Faults is null && route.Auth is null && limiter is null && route.Split is null && route.Mirror is null
                && llm is null && chain is null && others.Count == 0)
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
                Llm = llm,
                Plugins = chain,
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
        _budgets = budgets;
        if (!ReferenceEquals(_redis, redis))
        {
            var retired = _redis;
            Volatile.Write(ref _redis, redis);
            retired?.Dispose();
        }

        plugins.Retain();
        _gate.Limit = options.GlobalConcurrencyLimit;
        return result;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }

        _redis?.Dispose();
        _jwksClient.Dispose();
    }

    /// <summary>A route's token budgets, kept (with what was spent) while its <c>llm</c> block stays as it was.</summary>
    private TokenBudgets? CompileBudgets(string route, LlmRoutingConfig config, Dictionary<string, (string Fingerprint, TokenBudgets Budgets)> next)
    {
        if (config.TokenBudget == 0)
        {
            return null;
        }

        var fingerprint = JsonSerializer.Serialize(config, GatewayConfigJson.Default.LlmRoutingConfig);
        var budgets = _budgets.TryGetValue(route, out var kept) && kept.Fingerprint == fingerprint
            ? kept.Budgets
            : new TokenBudgets(config.TokenBudget, config.BudgetWindow, _time);
        next[route] = (fingerprint, budgets);
        return budgets;
    }

    /// <summary>The Redis store when a route keeps its limit there, kept across reloads that leave <c>gateway.redis</c> as it was.</summary>
    private RedisLimitStore? CompileRedis(GatewayOptions options)
    {
        if (!options.Routes.Any(r => r.RateLimit is { Store: RateLimitStore.Redis }))
        {
            return null;
        }

        var fingerprint = JsonSerializer.Serialize(options.Redis, GatewayConfigJson.Default.RedisOptions);
        return _redis is { } current && current.Fingerprint == fingerprint
            ? current
            : new RedisLimitStore(options.Redis, fingerprint, _time, _loggers.CreateLogger<RedisLimitStore>());
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
