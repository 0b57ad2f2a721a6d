namespace Atrium.Gateway.Forwarding;

/// <summary>An endpoint's state as the admin API and logs name it.</summary>
internal static class HealthStates
{
    public const string Healthy = "healthy";

    public const string Unhealthy = "unhealthy";

    public const string Ejected = "ejected";

    public static string Of(EndpointHealth health) =>
        !health.ProbedHealthy ? Unhealthy : health.Ejected ? Ejected : Healthy;
}
