using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// How the gateway verifies callers (<c>gateway.auth</c>): JWT bearer tokens and API keys. Each route says what it
/// requires in its own <c>auth</c>; without it a route is anonymous.
/// </summary>
public sealed class AuthOptions : IValidatableConfig
{
    /// <summary>JWT bearer validation. Default none: routes cannot accept the <c>jwt</c> scheme.</summary>
    public JwtOptions? Jwt { get; set; }

    /// <summary>Accepted API keys, stored as SHA-256 hashes. Default none.</summary>
    public List<ApiKeyConfig> ApiKeys { get; set; } = [];

    /// <summary>The request header that carries an API key. Default <c>X-Api-Key</c>.</summary>
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ApiKeyHeader.Length == 0)
        {
            context.AddError("apiKeyHeader", "must not be empty");
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (ApiKeys[i].Id.Length > 0 && !ids.TryAdd(ApiKeys[i].Id, i))
            {
                context.AddError($"apiKeys[{i}].id", $"duplicate API key id '{ApiKeys[i].Id}' (also apiKeys[{ids[ApiKeys[i].Id]}])");
            }

            if (ApiKeys[i].Sha256.Length > 0 && !hashes.TryAdd(ApiKeys[i].Sha256, i))
            {
                context.AddError($"apiKeys[{i}].sha256", $"the same key hash as apiKeys[{hashes[ApiKeys[i].Sha256]}]");
            }
        }
    }
}
