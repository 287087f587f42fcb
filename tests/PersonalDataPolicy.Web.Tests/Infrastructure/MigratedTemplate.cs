using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Data;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// An SQLite database migrated once per test run, copied into each test site's folder before it starts: the site then finds
/// every migration applied and only seeds. Migrating each of the run's sites from nothing cost about 8 % of the Web test
/// host's processor time (bench/README.md). Creating the database from nothing stays tested by the tests that start the site
/// in a process of its own (<see cref="SiteProcess"/>) and by the at-rest test of the key ring and database files
/// (<see cref="SiteFactory.FreshDatabase"/>).
/// </summary>
public static class MigratedTemplate
{
    private static readonly Lazy<string> File = new(Create);

    /// <summary>Copies the template to <paramref name="databaseFile"/>, which must not exist yet.</summary>
    public static void CopyTo(string databaseFile) => System.IO.File.Copy(File.Value, databaseFile);

    private static string Create()
    {
        var directory = Directory.CreateTempSubdirectory("pdp-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS temp cleaner rather than failing the run at its exit.
            }
        };
        var file = Path.Combine(directory, "personal-data-policy.db");
        // Unpooled, so that closing the connection checkpoints the write-ahead log into the file that is copied.
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
        using (var db = new SqliteAppDbContext(options, DesignTimeProtector.Instance))
        {
            db.Database.Migrate();
        }

        return System.IO.File.Exists(file + "-wal")
            ? throw new InvalidOperationException("The template database kept its write-ahead log; a copy would miss part of it.")
            : file;
    }
}
