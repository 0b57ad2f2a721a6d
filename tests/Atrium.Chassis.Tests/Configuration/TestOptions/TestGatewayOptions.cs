using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class TestGatewayOptions : IValidatableConfig
{
    public List<string> Listen { get; set; } = ["http://0.0.0.0:8080"];

    public IReadOnlyList<TestRoute> Routes { get; set; } = [];

    public IReadOnlyDictionary<string, TestCluster> Clusters { get; set; } = new Dictionary<string, TestCluster>();

    public void Validate(ConfigValidationContext context)
    {
        if (Routes.Count > 0 && Listen.Count == 0)
        {
            context.AddError("listen", "at least one listen address is needed when routes are defined");
        }
    }
}
