namespace Atrium.Chassis.Errors;

internal sealed class ErrorCodeFeature(ErrorCode code) : IErrorCodeFeature
{
    public ErrorCode Code { get; } = code;
}
