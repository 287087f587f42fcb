using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PersonalDataPolicy.Data;

/// <summary>
/// Policy §2.14: destroyed data must not linger in SQLite's free pages, so deleted content is overwritten
/// with zeros (PRAGMA secure_delete) on every connection the application opens.
/// </summary>
public sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public static readonly SqliteSecureDelete Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Enable(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Enable(connection);
        return Task.CompletedTask;
    }

    private static void Enable(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
    }
}
