using System.ComponentModel.DataAnnotations;

namespace PersonalDataPolicy.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the embedded SQLite file and development keys; relative paths are under the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";
}
