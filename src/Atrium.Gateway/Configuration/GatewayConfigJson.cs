using System.Text.Json.Serialization;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// The config parts whose JSON is a fingerprint: a reload keeps a cluster's state, a route's limiter and the JWT
/// authenticator when theirs did not change. Source-generated, as the Native AOT gateway needs.
/// </summary>
[JsonSerializable(typeof(ClusterConfig))]
[JsonSerializable(typeof(RateLimitConfig))]
[JsonSerializable(typeof(JwtOptions))]
[JsonSerializable(typeof(RedisOptions))]
[JsonSerializable(typeof(LlmRoutingConfig))]
internal sealed partial class GatewayConfigJson : JsonSerializerContext;
