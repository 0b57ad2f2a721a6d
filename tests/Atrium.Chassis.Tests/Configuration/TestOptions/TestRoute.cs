using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class TestRoute : IValidatableConfig
{
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]*$")]
    public string? Id { get; set; }

    public TestRouteMatch Match { get; set; } = new();

    public string Cluster { get; set; } = string.Empty;

    [Range(1, 1000)]
    public int Order { get; set; } = 1;

    public void Validate(ConfigValidationContext context)
    {
        var gateway = context.GetSection<TestGatewayOptions>("gateway");
        if (gateway is not null && !gateway.Clusters.ContainsKey(Cluster))
        {
            context.AddError("cluster", $"unknown cluster '{Cluster}'");
        }
    }
}
