namespace Atrium.Chassis.Errors;

/// <summary>Event ids of the error handling log messages (10xx), kept in one place so they stay unique.</summary>
internal static class ErrorEventIds
{
    public const int Unhandled = 1001;
    public const int ServerError = 1002;
    public const int BadRequest = 1003;
}
