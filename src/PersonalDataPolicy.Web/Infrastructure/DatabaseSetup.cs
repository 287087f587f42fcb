using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
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
        // New keys are AES-256-GCM: one authenticated cipher instead of AES-CBC plus an HMAC, about half the processor time
        // per Protect (issue 13: a new visitor's antiforgery pair and fill-time stamp are three; bench/README.md). Each key
        // names its algorithm, so the payloads of older CBC keys — personal data at rest among them — still decrypt.
        var dataProtection = services.AddDataProtection().SetApplicationName("PersonalDataPolicy")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM });
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            PrivateFiles.CreateFolder(keysDirectory);
            PrivateFiles.RestrictAll(keysDirectory);
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new PrivateFileSystemXmlRepository(new DirectoryInfo(keysDirectory), sp.GetRequiredService<ILoggerFactory>())));
        }
        else
        {
            // Issue 14: every instance on the server database reads and writes one key ring, so a cookie, form token or
            // link protected by one is read by the others. The certificate below still encrypts each key at rest.
            RequireSharedBlindIndexKey(personalData, database.Provider);
            dataProtection.PersistKeysToDbContext<AppDbContext>();
        }

        if (!string.IsNullOrWhiteSpace(personalData.KeyEncryptionCertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(
                personalData.KeyEncryptionCertificatePath, personalData.KeyEncryptionCertificatePassword));
        }
        services.AddSingleton<IPersonalDataProtector, DataProtectionPersonalDataProtector>();
        services.AddSingleton(sp => BlindIndexKey.Load(personalData.BlindIndexKey, keysDirectory, sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddSingleton<IBlindIndex, HmacBlindIndex>();
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobLeases>();

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

    /// <summary>
    /// A key file made by each instance would give each its own blind indexes, and a person found by one instance would be
    /// unknown to the next: on a server database the key comes from configuration, the same for every instance.
    /// </summary>
    public static void RequireSharedBlindIndexKey(PersonalDataOptions options, DatabaseProvider provider)
    {
        if (string.IsNullOrWhiteSpace(options.BlindIndexKey))
        {
            throw new InvalidOperationException(
                $"Database:Provider is {provider}, which several instances may share, and PersonalData:BlindIndexKey is not set. " +
                "Set it (base64, at least 32 bytes) from a secret store, the same for every instance; see docs/deployment.md.");
        }
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
