using System.Data.Common;
using Npgsql;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// What the chassis adds to a module's PostgreSQL connection string when it does not say otherwise: Npgsql's
/// automatic preparation, and no session reset when a connection goes back to its pool. EF sends the same few dozen
/// statements over and over; prepared once per connection, each later run skips the server's parse and plan, and
/// Npgsql sends only the statement's handle and its parameters.
/// </summary>
/// <remarks>
/// Npgsql's reset is seven statements (<c>CLOSE ALL</c>, <c>RESET ALL</c>, <c>UNLISTEN *</c>...) sent before the next
/// use of every returned connection; a saga step opens a connection several times, so the orders benchmark measured
/// about 80 reset statements per order against 40 of real work. No module leaves session state behind (no
/// <c>SET</c>, <c>LISTEN</c>, advisory locks or temporary tables; transactions end before the connection closes), so
/// there is nothing to reset.
/// </remarks>
internal static class PostgresConnectionDefaults
{
    /// <summary>Statements kept prepared per connection (Npgsql's <c>Max Auto Prepare</c>; off in Npgsql by default).</summary>
    public const int MaxAutoPrepare = 100;

    /// <summary>Runs of a statement on one connection before it is prepared (Npgsql's <c>Auto Prepare Min Usages</c>, default 5).</summary>
    public const int AutoPrepareMinUsages = 2;

    /// <summary>Whether a connection skips the session reset on its return to the pool (Npgsql's <c>No Reset On Close</c>, default <see langword="false"/>).</summary>
    public const bool NoResetOnClose = true;

    /// <summary>Why Npgsql cannot read <paramref name="connectionString"/> (a bad keyword or value); <see langword="null"/> when it can.</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Not Npgsql's message: for a value with a stray ';' it quotes the rest of the value, which may be a password.
            return "is not a connection string Npgsql can read (Keyword=value pairs separated by ';', e.g. Host=...;Username=...;Password=...;Database=...; a value holding ';' goes in double quotes)";
        }
    }

    /// <summary><paramref name="connectionString"/> with the defaults above for the settings it leaves out.</summary>
    public static string Apply(string connectionString)
    {
        var given = GivenKeywords(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!given.Contains("autoprepareminusages"))
        {
            builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        }

        if (!given.Contains("noresetonclose"))
        {
            builder.NoResetOnClose = NoResetOnClose;
        }

        return builder.ConnectionString;
    }

    // Npgsql's builder answers ContainsKey for every keyword it knows, set or not: the keywords as written, read with
    // the plain builder, spaces dropped the way Npgsql takes "MaxAutoPrepare" for "Max Auto Prepare".
    private static HashSet<string> GivenKeywords(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
}
