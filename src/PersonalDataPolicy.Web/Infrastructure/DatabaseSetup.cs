using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Web.Infrastructure;

/// <summary>Chooses the database provider from configuration and sets up encryption of personal data.</summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "Default";

    public static IServiceCollection AddPersonalDataStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var personalData = configuration.GetSection(PersonalDataOptions.SectionName).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        var dataDirectory = Path.GetFullPath(database.DataDirectory, environment.ContentRootPath);
        var keysDirectory = Path.GetFullPath(personalData.KeysDirectory ?? Path.Combine(dataDirectory, "keys"), environment.ContentRootPath);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        RequireKeyRingProtection(personalData, environment);
        PrivateFiles.CreateFolder(keysDirectory);
        PrivateFiles.RestrictAll(keysDirectory);
        var dataProtection = services.AddDataProtection().SetApplicationName("PersonalDataPolicy");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new PrivateFileSystemXmlRepository(new DirectoryInfo(keysDirectory), sp.GetRequiredService<ILoggerFactory>())));
        if (!string.IsNullOrWhiteSpace(personalData.KeyEncryptionCertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(
                personalData.KeyEncryptionCertificatePath, personalData.KeyEncryptionCertificatePassword));
        }
        services.AddSingleton<IPersonalDataProtector, DataProtectionPersonalDataProtector>();
        services.AddSingleton(sp => BlindIndexKey.Load(personalData.BlindIndexKey, keysDirectory, sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddSingleton<IBlindIndex, HmacBlindIndex>();

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                PrivateFiles.CreateFolder(dataDirectory);
                var sqlite = string.IsNullOrWhiteSpace(connectionString)
                    ? $"Data Source={Path.Combine(dataDirectory, "personal-data-policy.db")}"
                    : connectionString;
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(sqlite));
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Default is empty.");
                }

                services.AddDbContext<AppDbContext, SqlServerAppDbContext>(o => o.UseSqlServer(connectionString));
                break;
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Database:Provider is PostgreSql but ConnectionStrings:Default is empty.");
                }

                services.AddDbContext<AppDbContext, PostgreSqlAppDbContext>(o => o.UseNpgsql(connectionString));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{database.Provider}'.");
        }

        return services;
    }

    /// <summary>Creates or upgrades the database and seeds the first policy version. Runs once at start.</summary>
    public static async Task MigrateAndSeedAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await PolicySeed.EnsureSeededAsync(db, cancellationToken);
        // Not created in advance: EF turns on WAL only when it creates the file itself. The folder is 0700 meanwhile,
        // and SQLite gives a later -wal or -shm the mode of the database file.
        if (db.Database.IsSqlite() && SqliteFile(db.Database.GetConnectionString()) is { } file)
        {
            foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
            {
                PrivateFiles.Restrict(file + suffix);
            }
        }
    }

    /// <summary>
    /// Outside Development and Testing the key ring must be encrypted at rest: a copy of the key folder would
    /// otherwise decrypt every protected column and forge every session (docs/data-protection.md#production-key-ring).
    /// </summary>
    public static void RequireKeyRingProtection(PersonalDataOptions options, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing") || !string.IsNullOrWhiteSpace(options.KeyEncryptionCertificatePath))
        {
            return;
        }

        throw new InvalidOperationException(
            $"The {environment.EnvironmentName} environment needs the Data Protection key ring encrypted at rest, and no certificate is configured. " +
            "Set PersonalData:KeyEncryptionCertificatePath to a .pfx file (and PersonalData:KeyEncryptionCertificatePassword from a secret store); " +
            "see docs/data-protection.md, section \"Production key ring\".");
    }

    /// <summary>The file behind a SQLite connection string; none for an in-memory database.</summary>
    private static string? SqliteFile(string? connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrWhiteSpace(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(source);
    }
}
