namespace Atrium.Chassis.OpenApi;

/// <summary>
/// What an endpoint tells its OpenAPI operation beyond what ASP.NET Core infers: the problem statuses it can answer,
/// whether it needs a bearer access token, and the request headers it reads. Endpoint metadata; several are merged.
/// </summary>
internal sealed record ApiOperationMetadata(
    IReadOnlyList<int> ProblemStatuses,
    bool Bearer = false,
    bool IdempotencyKey = false,
    bool PreferWait = false);
