using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class TestCluster
{
    [MinLength(1)]
    public Uri[] Endpoints { get; set; } = [];

    [Secret]
    public string? ApiKey { get; set; }

    public decimal Weight { get; set; } = 1.5m;

    public double Ratio { get; set; }

    public long MaxBytes { get; set; } = 1024;

    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [AllowedValues("round-robin", "random")]
    public string Balancing { get; set; } = "round-robin";
}
