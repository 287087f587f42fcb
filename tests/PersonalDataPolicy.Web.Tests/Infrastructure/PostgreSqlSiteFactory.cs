using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// The real site on a fresh database of the test run's <see cref="PostgreSqlServer"/>; everything else (keys, checkpoint
/// file, mail pickup) stays in the throw-away folder as with SQLite. Classes using it belong to <see cref="OnPostgreSql"/>.
/// </summary>
public sealed class PostgreSqlSiteFactory : SiteFactory
{
    private readonly Lazy<(PostgreSqlServer Server, string Name)> _database = new(() =>
    {
        var server = PostgreSqlServer.Shared;
        return (server, server.CreateDatabase());
    });

    private readonly string _blindIndexKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly bool _ownsDatabase = true;

    public PostgreSqlSiteFactory()
    {
    }

    private PostgreSqlSiteFactory(PostgreSqlSiteFactory first)
    {
        _database = new(() => first._database.Value);
        _blindIndexKey = first._blindIndexKey;
        _ownsDatabase = false;
    }

    /// <summary>Another instance of the site on the same database (and blind-index key) as <paramref name="first"/>, which drops it.</summary>
    public static PostgreSqlSiteFactory SameDatabaseAs(PostgreSqlSiteFactory first) => new(first);

    public string ConnectionString => _database.Value.Server.ConnectionString(_database.Value.Name);

    protected override void ConfigureDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "PostgreSql");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        // A server database requires the blind-index key from configuration (every instance the same).
        builder.UseSetting("PersonalData:BlindIndexKey", _blindIndexKey);
    }

    public override DbConnection OpenDatabaseConnection()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    public override IEnumerable<string> DatabaseFiles() => _database.Value.Server.DataFiles();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase && _database.IsValueCreated)
        {
            _database.Value.Server.DropDatabase(_database.Value.Name);
        }
    }
}
