using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PersonalDataPolicy.Analytics;
using PersonalDataPolicy.Appeals;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data.Leases;
using PersonalDataPolicy.Data.Protection;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Erasure;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.MobileApp;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Data;

/// <summary>
/// The fund's database. Provider-neutral; <see cref="SqliteAppDbContext"/>, <see cref="SqlServerAppDbContext"/> and
/// <see cref="PostgreSqlAppDbContext"/> exist so each provider keeps its own migrations and what only it needs.
/// </summary>
public abstract class AppDbContext(DbContextOptions options, IPersonalDataProtector protector)
    : IdentityDbContext<StaffUser, Microsoft.AspNetCore.Identity.IdentityRole, string>(options), IDataProtectionKeyContext
{
    internal IPersonalDataProtector Protector { get; } = protector;

    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();
    public DbSet<PolicyText> PolicyTexts => Set<PolicyText>();
    public DbSet<DataSubject> DataSubjects => Set<DataSubject>();
    public DbSet<Appeal> Appeals => Set<Appeal>();
    public DbSet<ConsentEvent> ConsentEvents => Set<ConsentEvent>();
    public DbSet<ConsentReceipt> ConsentReceipts => Set<ConsentReceipt>();
    public DbSet<DataSubjectRequest> Requests => Set<DataSubjectRequest>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<VerificationToken> VerificationTokens => Set<VerificationToken>();
    public DbSet<InboundMail> InboundMail => Set<InboundMail>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<RequestNote> RequestNotes => Set<RequestNote>();
    public DbSet<DeadlineAlert> DeadlineAlerts => Set<DeadlineAlert>();
    public DbSet<AppealAnswer> AppealAnswers => Set<AppealAnswer>();
    public DbSet<Disclosure> Disclosures => Set<Disclosure>();
    public DbSet<CrossBorderTransfer> CrossBorderTransfers => Set<CrossBorderTransfer>();
    public DbSet<PendingApproval> PendingApprovals => Set<PendingApproval>();
    public DbSet<BlockHistoryEntry> BlockHistory => Set<BlockHistoryEntry>();
    public DbSet<ErasureCertificate> ErasureCertificates => Set<ErasureCertificate>();
    public DbSet<PageViewCount> PageViews => Set<PageViewCount>();
    public DbSet<AnalyticsChoiceCount> AnalyticsChoices => Set<AnalyticsChoiceCount>();
    public DbSet<AppAccessCode> AppAccessCodes => Set<AppAccessCode>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>The Data Protection key ring on a server database, where every instance must read the same keys (issue 14).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Which instance runs each singleton job, and until when (issue 14).</summary>
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<BreachIncident> BreachIncidents => Set<BreachIncident>();
    public DbSet<BreachNotificationCopy> BreachNotificationCopies => Set<BreachNotificationCopy>();

    /// <summary>
    /// Called by <see cref="ConsentLedger"/> inside its transaction, before it reads the head. Where the database can,
    /// concurrent writers queue here; elsewhere they race and the unique sequence index sends the loser round again.
    /// </summary>
    internal virtual Task LockLedgerHeadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// After an erasure is committed: where the database can, the pages that held the erased rows are rewritten so that no
    /// old copy stays in its files. Outside a transaction; a busy database simply keeps the copies until its next checkpoint.
    /// </summary>
    public virtual Task ForgetFreedPagesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        optionsBuilder
            .AddInterceptors(AppendOnlyInterceptor.Instance)
            // The model's encryption converters hold this context's protector, so cache one model per protector.
            .ReplaceService<IModelCacheKeyFactory, ProtectorModelCacheKeyFactory>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        PersonalDataAnnotations.ApplyEncryption(builder.Model, Protector);
    }

    private sealed class ProtectorModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), ((AppDbContext)context).Protector, designTime);
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, IPersonalDataProtector protector)
    : AppDbContext(options, protector)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        base.OnConfiguring(optionsBuilder);
        optionsBuilder.AddInterceptors(SqliteSecureDelete.Instance);
    }

    /// <summary>
    /// secure_delete zeroes freed space in the database file, but the write-ahead log still holds the pages as they were
    /// before the erasure until it is checkpointed and overwritten: TRUNCATE copies it into the file and empties it.
    /// </summary>
    public override async Task ForgetFreedPagesAsync(CancellationToken cancellationToken) =>
        await Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-offset type; UTC ticks keep ordering and range filters in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options, IPersonalDataProtector protector)
    : AppDbContext(options, protector);

public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options, IPersonalDataProtector protector)
    : AppDbContext(options, protector)
{
    /// <summary>Any number of the ledger's key, held until the transaction ends; also across instances sharing the database.</summary>
    private const long LedgerHeadLock = 0x4C45444745524844; // "LEDGERHD"

    /// <summary>
    /// Under READ COMMITTED two writers both read head N and both insert N+1; the second would wait for the first and then
    /// fail on the unique index. An advisory lock makes it wait before reading instead, so eight appeals at once need no retries.
    /// </summary>
    internal override async Task LockLedgerHeadAsync(CancellationToken cancellationToken) =>
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LedgerHeadLock})", cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz holds an instant and Npgsql writes only offset-zero values, so every time is stored as UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
