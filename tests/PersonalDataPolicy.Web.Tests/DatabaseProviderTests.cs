using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>SQL Server cannot run here, so its migrations are checked by generating their script in-process.</summary>
public sealed class DatabaseProviderTests
{
    private static readonly string CheckedInScript = Repository.PathOf("docs", "sql", "sqlserver-migrations.sql");

    [Fact]
    public void The_idempotent_sql_server_script_creates_every_table_of_the_model()
    {
        using var db = SqlServer();

        var script = GenerateScript(db);

        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct().ToList();
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }

        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_ConsentEvents_Sequence]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_DataSubjects_EmailIndex]", script);
    }

    /// <summary>Set UPDATE_SQL_SCRIPT=1 to rewrite docs/sql/sqlserver-migrations.sql after adding a migration.</summary>
    [Fact]
    public void The_checked_in_sql_server_script_is_current()
    {
        using var db = SqlServer();
        var script = Normalize(GenerateScript(db));

        if (Environment.GetEnvironmentVariable("UPDATE_SQL_SCRIPT") == "1")
        {
            File.WriteAllText(CheckedInScript, script);
        }

        Assert.True(File.Exists(CheckedInScript), $"{CheckedInScript} is missing; run the tests with UPDATE_SQL_SCRIPT=1");
        Assert.True(script == Normalize(File.ReadAllText(CheckedInScript)),
            "docs/sql/sqlserver-migrations.sql is stale: run `UPDATE_SQL_SCRIPT=1 dotnet test --filter DatabaseProviderTests` and commit it.");
    }

    [Fact]
    public void Each_provider_has_its_own_migrations_and_none_is_missing_for_the_model()
    {
        using var sqlServer = SqlServer();
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options, DesignTimeProtector.Instance);

        Assert.False(sqlServer.Database.HasPendingModelChanges(), "SQL Server model changed without a migration.");
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite model changed without a migration.");
        Assert.All(sqlServer.Database.GetMigrations(), m => Assert.DoesNotContain(m, sqlite.Database.GetMigrations()));
        Assert.NotEmpty(sqlite.Database.GetMigrations());
    }

    private static SqlServerAppDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=script-only;Database=PersonalDataPolicy").Options, DesignTimeProtector.Instance);

    private static string GenerateScript(DbContext db) =>
        db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\uFEFF', '\n', ' ');
}
