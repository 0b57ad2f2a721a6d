using Atrium.Chassis.Errors;

namespace Atrium.Gateway.Forwarding;

/// <summary>Maps forwarder errors to the chassis error table, so every error the gateway raises has a stable code.</summary>
internal static class ForwarderErrorCodes
{
    public static ErrorCode For(ForwarderError error) => error switch
    {
        ForwarderError.NoRoute => ErrorCodes.NotFound,
        ForwarderError.AmbiguousFraming or ForwarderError.MalformedFraming or ForwarderError.AmbiguousPath
            or ForwarderError.AmbiguousMethod => ErrorCodes.BadRequest,
        ForwarderError.UnsupportedTransferCoding => ErrorCodes.NotImplemented,
        ForwarderError.NoEndpoint or ForwarderError.UpstreamUnavailable or ForwarderError.UpgradeFailed
            or ForwarderError.RetryableStatus => ErrorCodes.UpstreamUnavailable,
        ForwarderError.CircuitOpen => ErrorCodes.CircuitOpen,
        ForwarderError.Overloaded => ErrorCodes.Overloaded,
        ForwarderError.UpstreamProtocol or ForwarderError.ResponseBodyUpstream => ErrorCodes.UpstreamProtocolError,
        ForwarderError.UpstreamTimeout => ErrorCodes.UpstreamTimeout,
        ForwarderError.RequestBodyTooLarge => ErrorCodes.PayloadTooLarge,
        ForwarderError.RequestBodyClient => ErrorCodes.BadRequest,
        ForwarderError.ClientDisconnected => ErrorCodes.Cancelled,
        ForwarderError.AuthFailed => ErrorCodes.AuthFailed,
        ForwarderError.Forbidden => ErrorCodes.Forbidden,
        ForwarderError.RateLimited => ErrorCodes.RateLimited,
        _ => ErrorCodes.Internal,
    };
}
