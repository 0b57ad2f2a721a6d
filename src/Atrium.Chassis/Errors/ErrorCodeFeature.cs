namespace Atrium.Chassis.Errors;

/// <summary>The default <see cref="IErrorCodeFeature"/>.</summary>
public sealed class ErrorCodeFeature(ErrorCode code) : IErrorCodeFeature
{
    /// <inheritdoc />
    public ErrorCode Code { get; } = code;
}
