namespace Atrium.Chassis.Errors;

/// <summary>
/// Set on the <c>HttpContext</c> when a response carries an error code, so that access logs and metrics can label the
/// request without parsing the body.
/// </summary>
public interface IErrorCodeFeature
{
    /// <summary>The code the response carries.</summary>
    ErrorCode Code { get; }
}
