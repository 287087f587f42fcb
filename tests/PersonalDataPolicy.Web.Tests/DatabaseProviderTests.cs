using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// The migrations of the server providers are checked by generating their idempotent scripts in-process (SQL Server
/// cannot run here; PostgreSQL's script is also run on a real server by <see cref="PostgreSqlMigrationTests"/>).
/// </summary>
public sealed class DatabaseProviderTests
{
    public static TheoryData<string> ScriptedProviders => ["SqlServer", "PostgreSql"];

    [Fact]
    public void The_idempotent_sql_server_script_creates_every_table_of_the_model()
    {
        using var db = SqlServer();

        var script = GenerateScript(db);

        foreach (var table in Tables(db))
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }

        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_ConsentEvents_Sequence]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_DataSubjects_EmailIndex]", script);
    }

    [Fact]
    public void The_idempotent_postgresql_script_creates_every_table_of_the_model_with_native_types()
    {
        using var db = PostgreSql();

        var script = GenerateScript(db);

        foreach (var table in Tables(db))
        {
            Assert.Contains($"CREATE TABLE \"{table}\"", script);
        }

        Assert.Contains("IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\"", script);
        Assert.Contains("CREATE UNIQUE INDEX \"IX_ConsentEvents_Sequence\"", script);
        Assert.Contains("CREATE UNIQUE INDEX \"IX_DataSubjects_EmailIndex\"", script);
        // Instants as timestamptz (stored in UTC), not as SQLite's binary ticks.
        Assert.Contains("\"OccurredAt\" timestamp with time zone NOT NULL", script);
        Assert.DoesNotContain("datetimeoffset", script, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Set UPDATE_SQL_SCRIPT=1 to rewrite docs/sql/*-migrations.sql after adding a migration.</summary>
    [Theory]
    [MemberData(nameof(ScriptedProviders))]
    public void The_checked_in_script_is_current(string provider)
    {
        using var db = provider == "SqlServer" ? (DbContext)SqlServer() : PostgreSql();
        var checkedIn = CheckedInScript(provider);
        var script = Normalize(GenerateScript(db));

        if (Environment.GetEnvironmentVariable("UPDATE_SQL_SCRIPT") == "1")
        {
            File.WriteAllText(checkedIn, script);
        }

        Assert.True(File.Exists(checkedIn), $"{checkedIn} is missing; run the tests with UPDATE_SQL_SCRIPT=1");
        Assert.True(script == Normalize(File.ReadAllText(checkedIn)),
            $"docs/sql/{Path.GetFileName(checkedIn)} is stale: run `UPDATE_SQL_SCRIPT=1 dotnet test --filter DatabaseProviderTests` and commit it.");
    }

    [Fact]
    public void Each_provider_has_its_own_migrations_and_none_is_missing_for_the_model()
    {
        using var sqlServer = SqlServer();
        using var postgreSql = PostgreSql();
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options, DesignTimeProtector.Instance);

        Assert.False(sqlServer.Database.HasPendingModelChanges(), "SQL Server model changed without a migration.");
        Assert.False(postgreSql.Database.HasPendingModelChanges(), "PostgreSQL model changed without a migration.");
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite model changed without a migration.");
        Assert.All(sqlServer.Database.GetMigrations(), m => Assert.DoesNotContain(m, sqlite.Database.GetMigrations()));
        Assert.All(postgreSql.Database.GetMigrations(), m => Assert.DoesNotContain(m, sqlite.Database.GetMigrations().Concat(sqlServer.Database.GetMigrations())));
        Assert.NotEmpty(sqlite.Database.GetMigrations());
        Assert.NotEmpty(postgreSql.Database.GetMigrations());
    }

    public static string CheckedInScript(string provider) =>
        Repository.PathOf("docs", "sql", $"{provider.ToLowerInvariant()}-migrations.sql");

    private static SqlServerAppDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=script-only;Database=PersonalDataPolicy").Options, DesignTimeProtector.Instance);

    private static PostgreSqlAppDbContext PostgreSql() =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=script-only;Database=personal_data_policy").Options, DesignTimeProtector.Instance);

    private static List<string?> Tables(DbContext db)
    {
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct().ToList();
        Assert.NotEmpty(tables);
        return tables;
    }

    private static string GenerateScript(DbContext db) =>
        db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\uFEFF', '\n', ' ');
}
