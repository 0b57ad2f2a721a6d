namespace Atrium.Gateway.Configuration;

/// <summary>The named failures <c>retry.retryOn</c> accepts besides 5xx status codes.</summary>
internal static class RetryConditions
{
    /// <summary>No connection could be made to the endpoint.</summary>
    public const string ConnectFailure = "connectFailure";

    /// <summary>The connection was reset or closed before an answer.</summary>
    public const string Reset = "reset";

    /// <summary>The endpoint did not answer within the route's timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>Every named condition.</summary>
    public static readonly string[] Named = [ConnectFailure, Reset, Timeout];
}
