using Microsoft.EntityFrameworkCore;
using Npgsql;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Tests.Infrastructure;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>The checked-in PostgreSQL script and the migrations, run on a real server.</summary>
[Collection(OnPostgreSql.Name)]
public sealed class PostgreSqlMigrationTests
{
    [Fact]
    public async Task The_checked_in_script_runs_twice_on_an_empty_database_and_leaves_no_migration_pending()
    {
        var server = PostgreSqlServer.Shared;
        var database = server.CreateDatabase();
        try
        {
            var script = await File.ReadAllTextAsync(DatabaseProviderTests.CheckedInScript("PostgreSql"));
            await using (var connection = new NpgsqlConnection(server.ConnectionString(database)))
            {
                await connection.OpenAsync();
                for (var run = 0; run < 2; run++)
                {
                    await using var command = new NpgsqlCommand(script, connection);
                    await command.ExecuteNonQueryAsync();
                }
            }

            await using var db = Context(server.ConnectionString(database));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(0, await db.ConsentEvents.CountAsync());
        }
        finally
        {
            server.DropDatabase(database);
        }
    }

    [Fact]
    public async Task Migrating_creates_the_instants_as_timestamptz_and_a_non_utc_time_is_stored_as_the_same_instant()
    {
        var server = PostgreSqlServer.Shared;
        var database = server.CreateDatabase();
        try
        {
            await using var db = Context(server.ConnectionString(database));
            await db.Database.MigrateAsync();

            var types = await db.Database.SqlQuery<string>($"""
                SELECT data_type AS "Value" FROM information_schema.columns
                WHERE table_name = 'ConsentEvents' AND column_name = 'OccurredAt'
                """).SingleAsync();
            Assert.Equal("timestamp with time zone", types);

            // Almaty time in, the same instant out (in UTC): Npgsql alone refuses offsets other than zero.
            var almaty = new DateTimeOffset(2026, 11, 25, 15, 30, 0, TimeSpan.FromHours(5));
            var outboxMessage = new PersonalDataPolicy.Mail.OutboxMessage(null, PersonalDataPolicy.Mail.MailKind.Notification, "someone@example.kz",
                "en", "Test", "Subject", "<p>Body</p>", "Body", null, almaty);
            db.Outbox.Add(outboxMessage);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();

            var stored = await db.Outbox.AsNoTracking().SingleAsync(m => m.CreatedAt == almaty);
            Assert.Equal(almaty, stored.CreatedAt);
            Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            server.DropDatabase(database);
        }
    }

    [Fact]
    public async Task The_postgresql_site_really_runs_on_postgresql()
    {
        using var site = new PostgreSqlSiteFactory();

        var (context, provider, version) = await site.WithDbAsync(async db => (
            db.GetType(), db.Database.ProviderName, await db.Database.SqlQuery<string>($"SELECT version() AS \"Value\"").SingleAsync()));

        Assert.Equal(typeof(PostgreSqlAppDbContext), context);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", provider);
        Assert.StartsWith("PostgreSQL ", version);
        Assert.Empty(Directory.GetFiles(site.DataDirectory, "*.db"));
    }

    private static PostgreSqlAppDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(connectionString).Options, new ClearTextProtector());

    /// <summary>This test stores no real personal data; the columns still go through a protector.</summary>
    private sealed class ClearTextProtector : PersonalDataPolicy.Data.Protection.IPersonalDataProtector
    {
        public string Protect(string plaintext) => plaintext;

        public string Unprotect(string protectedText) => protectedText;
    }
}
