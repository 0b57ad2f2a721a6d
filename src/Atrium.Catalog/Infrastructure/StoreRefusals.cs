using Microsoft.Data.Sqlite;
using Npgsql;

namespace Atrium.Catalog.Infrastructure;

/// <summary>Classifies a failed <see cref="EscrowBatch"/> by the database's error code.</summary>
internal static class StoreRefusals
{
    public static StoreRefusal Of(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => StoreRefusal.Duplicate,
        PostgresException { SqlState: PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation } => StoreRefusal.Violated,
        // SQLITE_CONSTRAINT's extended codes: PRIMARYKEY, UNIQUE; CHECK, NOTNULL.
        SqliteException { SqliteExtendedErrorCode: 1555 or 2067 } => StoreRefusal.Duplicate,
        SqliteException { SqliteExtendedErrorCode: 275 or 1299 } => StoreRefusal.Violated,
        _ => StoreRefusal.None,
    };
}
