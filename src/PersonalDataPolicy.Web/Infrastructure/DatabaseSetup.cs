using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
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

        var dataProtection = services.AddDataProtection()
            .SetApplicationName("PersonalDataPolicy")
            .PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
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
                Directory.CreateDirectory(dataDirectory);
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
    }
}
