using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Subjects;
using Microsoft.Extensions.DependencyInjection;
using PersonalDataPolicy.Data;
using Serilog.Core;
using Serilog.Events;

namespace PersonalDataPolicy.Web.Tests.Infrastructure;

/// <summary>
/// The real site on a real SQLite file in a throw-away folder, with every log event captured.
/// One factory per test class (IClassFixture), so classes never share data. <see cref="PostgreSqlSiteFactory"/> is the
/// same site on a PostgreSQL database of its own.
/// </summary>
public class SiteFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public SiteFactory()
    {
        DataDirectory = Directory.CreateTempSubdirectory("pdp-tests-").FullName;
    }

    public string DataDirectory { get; }

    /// <summary>Extra configuration for one test class; set before the first request.</summary>
    public Dictionary<string, string> Settings { get; } = new()
    {
        ["RateLimiting:AppealsPerMinute"] = "10000",
        ["RateLimiting:MyDataLinksPerMinute"] = "10000",
        ["RateLimiting:SignInsPerMinute"] = "10000",
        ["Requests:MaintenanceInterval"] = "01:00:00",
        ["Staff:SessionCheckInterval"] = "00:00:00",
        ["RateLimiting:PostsPerMinute"] = "100000",
        ["RateLimiting:ApiRequestsPerMinute"] = "100000",
        ["Forms:MinimumFillSeconds"] = "0",
    };

    /// <summary>The host environment; "Testing" unless a test plays production.</summary>
    public string EnvironmentName { get; set; } = "Testing";

    public string PickupDirectory => Path.Combine(DataDirectory, "mail-pickup");

    /// <summary>
    /// PBKDF2 rounds of staff password hashes. Identity's 100,000 make every staff sign-in and every refused sign-in
    /// (which verifies a dummy hash) cost 0.1–0.3 s of CPU here; the tests that are not about that cost use few rounds.
    /// null: Identity's own, for the tests that time sign-ins.
    /// </summary>
    public int? PasswordHashIterations { get; set; } = 1_000;

    /// <summary>A clock the test controls; set before the first request. The real clock otherwise.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Clock { get; set; }

    public string DatabaseFile => Path.Combine(DataDirectory, "personal-data-policy.db");

    public CapturedLog Log { get; } = new();

    /// <summary>Issue 10: when the site ran, every receipt it issued is checked against the Kantara v1.1 schema as the factory closes.</summary>
    public bool ValidateReceiptsOnClose { get; set; } = true;

    private bool _started;

    /// <summary>Only a site that started has receipts to check; one a test made fail at start has none.</summary>
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _started = true;
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        // As Development does for `dotnet run`: a singleton that captures a scoped service fails the test site at start.
        builder.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        builder.UseSetting("Mail:PickupDirectory", PickupDirectory);
        ConfigureDatabase(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Serilog:MinimumLevel:Default", "Debug");
        // Not the localizer's "searched for" line for every string of every page: a hundred lines a page, each with the
        // request's path, kept until the site stops, were most of the test process's memory (bench/README.md).
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.Extensions.Localization", "Information");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Log);
            if (PasswordHashIterations is { } iterations)
            {
                services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
            }

            if (Clock is not null)
            {
                services.AddSingleton<TimeProvider>(Clock);
            }
        });
    }

    /// <summary>
    /// Whether the site creates and migrates its SQLite database itself, as `dotnet run` does, rather than starting on a copy
    /// of the run's <see cref="MigratedTemplate"/>.
    /// </summary>
    public bool FreshDatabase { get; set; }

    /// <summary>The SQLite file in <see cref="DataDirectory"/> unless a subclass chooses another database.</summary>
    protected virtual void ConfigureDatabase(IWebHostBuilder builder)
    {
        if (!FreshDatabase && !File.Exists(DatabaseFile))
        {
            MigratedTemplate.CopyTo(DatabaseFile);
        }
    }

    /// <summary>The files the database keeps its data in, for tests that look for what should not be left there.</summary>
    public virtual IEnumerable<string> DatabaseFiles() => Directory.GetFiles(DataDirectory, "personal-data-policy.db*");

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Scope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task<DataSubject?> SubjectWithEmailAsync(string normalizedEmail) => WithDbAsync(async db =>
    {
        var index = Services.GetRequiredService<IBlindIndex>();
        return await db.DataSubjects.WithEmail(index, normalizedEmail).SingleOrDefaultAsync();
    });

    /// <summary>A raw connection to the database file, bypassing the application (to play the attacker).</summary>
    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>A raw connection to the database, whichever the provider; SQL that both understand plays the attacker.</summary>
    public virtual DbConnection OpenDatabaseConnection() => OpenRawConnection();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>xunit closes a class fixture here, before <see cref="IDisposable.Dispose"/>.</summary>
    Task IAsyncLifetime.DisposeAsync() => CheckReceiptsAsync();

    public override async ValueTask DisposeAsync()
    {
        await CheckReceiptsAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task CheckReceiptsAsync()
    {
        if (_started && ValidateReceiptsOnClose)
        {
            ValidateReceiptsOnClose = false;
            var errors = await ReceiptAudit.ErrorsAsync(this);
            Assert.True(errors.Count == 0, "Receipts that fail the Kantara v1.1 schema:\n" + string.Join('\n', errors));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow machine: the OS temp cleaner will take it.
            }
        }
    }
}

/// <summary>Every log event the site wrote, rendered with its properties and exception, for assertions.</summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        logEvent.RenderMessage(writer);
        foreach (var (name, value) in logEvent.Properties)
        {
            writer.Write($" {name}={value}");
        }

        writer.Write(logEvent.Exception?.ToString());
        _lines.Enqueue(writer.ToString());
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public string All => string.Join('\n', _lines);
}
