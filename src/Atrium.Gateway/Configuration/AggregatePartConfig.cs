using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>One upstream call of an aggregate route (<c>gateway.routes[i].aggregate.parts[j]</c>), made with GET.</summary>
public sealed class AggregatePartConfig
{
    /// <summary>The property of the answer that holds this part's JSON. Required; letters, digits, '_' or '-', not <c>errors</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z][A-Za-z0-9_-]*$", ErrorMessage = "must start with a letter and hold letters, digits, '_' or '-'")]
    public string Name { get; set; } = "";

    /// <summary>The cluster called, a key of <c>gateway.clusters</c>. Default the route's cluster.</summary>
    public string Cluster { get; set; } = "";

    /// <summary>
    /// The upstream path and optional query, with the route's path parameters in braces
    /// (<c>/api/orders?pageSize=5</c>, <c>/users/{id}</c>). Required.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "";

    /// <summary>
    /// How long the part may take, body included; then it is marked <c>UPSTREAM_TIMEOUT</c>. The route's
    /// <c>timeout</c> cuts it off sooner when shorter. Default 2 s.
    /// </summary>
    [DurationRange("00:00:00.001", "00:10:00", ErrorMessage = "must be between 1ms and 10m")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest JSON body of the part in bytes; larger is <c>UPSTREAM_PROTOCOL_ERROR</c>. Default 1 MiB.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxBodySize { get; set; } = 1024 * 1024;
}
