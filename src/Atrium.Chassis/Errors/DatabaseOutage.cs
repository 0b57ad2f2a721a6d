using System.Data.Common;

namespace Atrium.Chassis.Errors;

/// <summary>
/// Tells a database that cannot be reached (refused, reset, shutting down) from a bug: the provider marks such
/// failures transient, and EF Core keeps them as the inner exception of whatever it throws.
/// </summary>
internal static class DatabaseOutage
{
    /// <summary>Whether <paramref name="exception"/> or one of its inner exceptions is a transient database failure.</summary>
    public static bool Caused(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
