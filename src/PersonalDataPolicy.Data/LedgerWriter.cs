using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Data;

/// <summary>
/// Group commit of the consent ledger: the one writer of this process. Each caller hands over its unit of work (its
/// context's pending changes and the events to chain) and waits; the writer takes whatever is waiting, chains every
/// caller's events in turn after the stored head and saves every unit of work in one transaction: one lock of the head,
/// one head read, one durable commit (one fsync) and one checkpoint for the batch instead of one each. A caller is answered
/// only after that commit, so nothing acknowledged can be lost.
/// <para>
/// A unit of work that fails on its own (say, an address another request took first) is rolled back to the savepoint
/// EF Core sets around each save; the chain goes on from the event before it, and the rest of the batch commits. Across
/// processes the head is still locked as before (<see cref="AppDbContext.LockLedgerHeadAsync"/>; SQLite's write lock) and
/// the unique sequence index stays the safety net: a clash rolls back the whole batch, which is chained again.
/// </para>
/// </summary>
public sealed partial class LedgerWriter : IAsyncDisposable
{
    /// <summary>Enough to share one commit among many requests, small enough that one transaction never grows long.</summary>
    public const int MaxBatch = 64;

    private const int Attempts = 8;

    private readonly Channel<Append> _queue = Channel.CreateUnbounded<Append>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILedgerCheckpoints _checkpoints;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly Task _loop;

    public LedgerWriter(IServiceScopeFactory scopes, ILedgerCheckpoints checkpoints, ILogger<LedgerWriter> logger)
    {
        _scopes = scopes;
        _checkpoints = checkpoints;
        _logger = logger;
        _loop = Task.Run(WriteAsync);
    }

    /// <summary>Raised after each commit with how many units of work it carried (the tests watch batching through it).</summary>
    public event Action<int>? Committed;

    /// <summary>
    /// Chains <paramref name="events"/> and saves everything <paramref name="db"/> tracks, in one commit with whatever else
    /// is waiting. The context is the writer's until the task completes, so the caller waits for it even when cancelled;
    /// a unit of work cancelled before the writer reaches it is left out.
    /// </summary>
    public Task AppendAsync(AppDbContext db, IReadOnlyCollection<ConsentEvent> events, CancellationToken cancellationToken)
    {
        var append = new Append(db, events, cancellationToken);
        return _queue.Writer.TryWrite(append)
            ? append.Done.Task
            : Task.FromException(new ObjectDisposedException(nameof(LedgerWriter), "The consent ledger's writer has stopped."));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task WriteAsync()
    {
        var batch = new List<Append>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var append))
            {
                if (append.CancellationToken.IsCancellationRequested)
                {
                    append.Done.TrySetCanceled(append.CancellationToken);
                }
                else
                {
                    batch.Add(append);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception e)
            {
                // Nothing of the batch is known to be stored: every caller hears so, and the writer goes on.
                foreach (var append in batch)
                {
                    append.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task CommitAsync(List<Append> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = _scopes.CreateAsyncScope();
            var writer = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var saved = new List<Append>(batch.Count);
            var refused = new List<(Append Append, Exception Error)>();
            ConsentEvent? head;
            try
            {
                await using var transaction = await writer.Database.BeginTransactionAsync();
                await writer.LockLedgerHeadAsync(CancellationToken.None);
                head = await writer.ConsentEvents.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync();
                foreach (var append in batch)
                {
                    if (await SaveAsync(append, writer, transaction, head) is { } error)
                    {
                        refused.Add((append, error));
                    }
                    else
                    {
                        saved.Add(append);
                        head = append.Events.LastOrDefault() ?? head;
                    }
                }

                await transaction.CommitAsync();
            }
            catch (Exception e) when (attempt < Attempts && IsClash(e))
            {
                // Rolled back as a whole; every unit of work is still pending in its context and is chained again.
                BatchClashed(_logger, batch.Count, attempt);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt));
                continue;
            }

            // After the commit, never before: a crash in between leaves the checkpoint one step behind, never ahead of the
            // ledger. Before the answers, so that an acknowledged event is already vouched for.
            if (saved.Any(a => a.Events.Count > 0) && head is not null)
            {
                await _checkpoints.CommittedAsync(head, (sequence, token) => StoredHashAtAsync(writer, sequence, token), CancellationToken.None);
            }

            foreach (var append in saved)
            {
                append.Db.ChangeTracker.AcceptAllChanges();
                append.Done.TrySetResult();
            }

            foreach (var (append, error) in refused)
            {
                append.Done.TrySetException(error);
            }

            Committed?.Invoke(saved.Count);
            return;
        }
    }

    /// <summary>
    /// Saves one caller's unit of work inside the batch's transaction, its events chained after <paramref name="head"/>.
    /// Returns the error that refused this unit alone; throws what concerns the whole batch (a clash, a lost connection).
    /// </summary>
    private static async Task<Exception?> SaveAsync(Append append, AppDbContext writer, IDbContextTransaction transaction, ConsentEvent? head)
    {
        var database = append.Db.Database;
        var ownConnectionString = database.GetConnectionString();
        database.SetDbConnection(writer.Database.GetDbConnection(), contextOwnsConnection: false);
        try
        {
            await database.UseTransactionAsync(transaction.GetDbTransaction());
            var previous = head;
            foreach (var consentEvent in append.Events)
            {
                consentEvent.ChainTo(previous);
                previous = consentEvent;
            }

            // Not accepted yet: should the commit fail, the changes stay pending for the retry or for the caller.
            await append.Db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
            return null;
        }
        catch (Exception e) when (!IsClash(e) && transaction.GetDbTransaction().Connection is { State: System.Data.ConnectionState.Open })
        {
            return e;
        }
        finally
        {
            // The caller's context gets its own connection back.
            await database.UseTransactionAsync(null);
            database.SetDbConnection(null, contextOwnsConnection: true);
            database.SetConnectionString(ownConnectionString);
        }
    }

    private static Task<string?> StoredHashAtAsync(AppDbContext db, long sequence, CancellationToken cancellationToken) =>
        db.ConsentEvents.AsNoTracking().Where(e => e.Sequence == sequence).Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Another writer took the sequence number (unique index), SQLite's single writer was busy, or PostgreSQL chose this
    /// transaction as a deadlock or serialization victim.
    /// </summary>
    internal static bool IsClash(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsClash(inner),
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 || (sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("ConsentEvents.Sequence", StringComparison.Ordinal)),
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
            || (postgres.SqlState == PostgresErrorCodes.UniqueViolation && postgres.ConstraintName == "IX_ConsentEvents_Sequence"),
        _ => e.Message.Contains("IX_ConsentEvents_Sequence", StringComparison.Ordinal),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consent ledger batch of {Count} clashed with another writer; chaining it again (attempt {Attempt})")]
    private static partial void BatchClashed(ILogger logger, int count, int attempt);

    private sealed class Append(AppDbContext db, IReadOnlyCollection<ConsentEvent> events, CancellationToken cancellationToken)
    {
        public AppDbContext Db { get; } = db;
        public IReadOnlyCollection<ConsentEvent> Events { get; } = events;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
