namespace Atrium.Chassis.Errors;

/// <summary>
/// An expected failure with a stable <see cref="ErrorCode"/>. Thrown by application code where returning a value
/// would be awkward (deep in a handler); the chassis turns it into a problem response in one place.
/// The message is shown to callers as the problem's <c>detail</c>, so it must not contain secrets or internals.
/// </summary>
public class AtriumException : Exception
{
    /// <summary>Creates an exception carrying <paramref name="code"/> and a caller-safe <paramref name="detail"/>.</summary>
    public AtriumException(ErrorCode code, string detail, Exception? innerException = null)
        : base(detail, innerException)
    {
        ArgumentNullException.ThrowIfNull(code);
        Code = code;
    }

    /// <summary>The stable error code.</summary>
    public ErrorCode Code { get; }
}
