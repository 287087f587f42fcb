using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Data;

/// <summary>
/// The one way into the consent ledger and the one way to read a person's consents. <see cref="CommitAsync"/> chains the
/// new events after the stored head and saves them together with everything else the caller changed (the appeal, the
/// request, the mail) in one transaction; when a concurrent writer took the same place in the chain, it re-chains and
/// tries again itself, so no caller has to know how the chain is kept. After each commit it reports the new head to
/// <see cref="ILedgerCheckpoints"/>, so that deleting the newest events is detected, not only editing one.
/// </summary>
public sealed class ConsentLedger(AppDbContext db, ILedgerCheckpoints checkpoints)
{
    private const int Attempts = 8;

    /// <summary>
    /// Chains <paramref name="events"/> in order and saves the whole unit of work. Must not be called inside a transaction
    /// of the caller's: the ledger owns it, so that it can start over after a clash.
    /// </summary>
    public async Task CommitAsync(IReadOnlyCollection<ConsentEvent> events, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("The consent ledger commits its own transaction; do not open one around it.");
        }

        foreach (var consentEvent in events)
        {
            db.ConsentEvents.Add(consentEvent);
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                await db.LockLedgerHeadAsync(cancellationToken);
                var previous = await HeadAsync(cancellationToken);
                foreach (var consentEvent in events)
                {
                    consentEvent.ChainTo(previous);
                    previous = consentEvent;
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                break;
            }
            catch (Exception e) when (attempt < Attempts && IsClash(e))
            {
                // Nothing was saved; the tracked changes stay pending and the events are chained again after the new head.
                await transaction.RollbackAsync(CancellationToken.None);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }

        // After the commit, never before: a crash in between leaves the checkpoint one step behind, never ahead of the ledger.
        if (events.Count > 0)
        {
            await checkpoints.CommittedAsync(events.Last(), StoredHashAtAsync, CancellationToken.None);
        }
    }

    public async Task<ConsentState> StateOfAsync(Guid subjectId, CancellationToken cancellationToken) =>
        ConsentState.From(await db.ConsentEvents.AsNoTracking().Where(e => e.SubjectId == subjectId).ToListAsync(cancellationToken));

    public async Task<IReadOnlyDictionary<Guid, ConsentState>> StatesOfAsync(IReadOnlyCollection<Guid> subjectIds, CancellationToken cancellationToken)
    {
        var events = await db.ConsentEvents.AsNoTracking().Where(e => subjectIds.Contains(e.SubjectId)).ToListAsync(cancellationToken);
        var bySubject = events.ToLookup(e => e.SubjectId);
        return subjectIds.Distinct().ToDictionary(id => id, id => ConsentState.From(bySubject[id]));
    }

    /// <summary>The events of one person in ledger order.</summary>
    public Task<List<ConsentEvent>> HistoryOfAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.ConsentEvents.AsNoTracking().Where(e => e.SubjectId == subjectId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);

    public Task<ConsentEvent?> HeadAsync(CancellationToken cancellationToken) =>
        db.ConsentEvents.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Recomputes the whole chain and holds it against the given checkpoints (see <see cref="LedgerVerifier"/>).</summary>
    public static LedgerVerification Verify(AppDbContext db, IEnumerable<LedgerCheckpoint> checkpoints, Func<LedgerCheckpoint, bool> isGenuine) =>
        LedgerVerifier.Verify(db.ConsentEvents.AsNoTracking().OrderBy(e => e.Sequence).AsEnumerable(), checkpoints, isGenuine);

    private Task<string?> StoredHashAtAsync(long sequence, CancellationToken cancellationToken) =>
        db.ConsentEvents.AsNoTracking().Where(e => e.Sequence == sequence).Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Another writer took the sequence number (unique index), SQLite's single writer was busy, or PostgreSQL chose this
    /// transaction as a deadlock or serialization victim.
    /// </summary>
    private static bool IsClash(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsClash(inner),
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 || (sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("ConsentEvents.Sequence", StringComparison.Ordinal)),
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
            || (postgres.SqlState == PostgresErrorCodes.UniqueViolation && postgres.ConstraintName == "IX_ConsentEvents_Sequence"),
        _ => e.Message.Contains("IX_ConsentEvents_Sequence", StringComparison.Ordinal),
    };
}
