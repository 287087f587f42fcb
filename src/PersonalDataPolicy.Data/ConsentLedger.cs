using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Data;

/// <summary>
/// The one way into the consent ledger and the one way to read a person's consents. <see cref="CommitAsync"/> chains the
/// new events after the stored head and saves them together with everything else the caller changed (the appeal, the
/// request, the mail) in one transaction, shared with whatever other requests are waiting (<see cref="LedgerWriter"/>,
/// group commit); when a concurrent writer took the same place in the chain, the writer re-chains and tries again itself,
/// so no caller has to know how the chain is kept. After each commit the new head goes to <see cref="ILedgerCheckpoints"/>,
/// so that deleting the newest events is detected, not only editing one.
/// </summary>
public sealed class ConsentLedger(AppDbContext db, LedgerWriter writer)
{
    /// <summary>
    /// Chains <paramref name="events"/> in order and saves the whole unit of work; returns once it is durably committed.
    /// Must not be called inside a transaction or an open connection of the caller's: the ledger's writer owns them, so that
    /// it can commit many callers at once and start over after a clash.
    /// </summary>
    public Task CommitAsync(IReadOnlyCollection<ConsentEvent> events, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null || db.Database.GetDbConnection().State != System.Data.ConnectionState.Closed)
        {
            throw new InvalidOperationException("The consent ledger commits its own transaction; do not open one (or the connection) around it.");
        }

        foreach (var consentEvent in events)
        {
            db.ConsentEvents.Add(consentEvent);
        }

        return writer.AppendAsync(db, events, cancellationToken);
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
        StoredLedgerRows.Verify(db, checkpoints, isGenuine);
}
