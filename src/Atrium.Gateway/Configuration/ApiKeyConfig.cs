using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>An accepted API key (<c>gateway.auth.apiKeys[i]</c>). Only its SHA-256 is stored.</summary>
public sealed class ApiKeyConfig
{
    /// <summary>A name for the key, used in logs, metrics and as the rate-limit key. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Id { get; set; } = "";

    /// <summary>The SHA-256 of the key as 64 hex digits (<c>printf %s KEY | sha256sum</c>). Required; redacted by the admin API.</summary>
    [Secret]
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[0-9A-Fa-f]{64}$", ErrorMessage = "must be 64 hex digits (a SHA-256)")]
    public string Sha256 { get; set; } = "";

    /// <summary>The subject sent upstream for callers with this key. Default the key's <see cref="Id"/>.</summary>
    public string Subject { get; set; } = "";

    /// <summary>Roles granted to callers with this key. Default none.</summary>
    public List<string> Roles { get; set; } = [];
}
