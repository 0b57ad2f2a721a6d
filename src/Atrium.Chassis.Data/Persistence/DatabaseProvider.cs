namespace Atrium.Chassis.Data.Persistence;

/// <summary>The database engine behind a module (<c>provider</c> in its config section).</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file under <c>host.dataDirectory</c> (or the configured connection string). The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database named by the module's <c>connectionString</c>; created at start if it is missing.</summary>
    PostgreSql,
}
