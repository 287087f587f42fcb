using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Data;

/// <summary>Appends events to the consent ledger, chained after the newest stored event.</summary>
public static class ConsentLedger
{
    /// <summary>
    /// Chains and adds <paramref name="events"/> in order. Call inside the transaction that saves them;
    /// the unique sequence index turns a concurrent append into a failed save, never a fork.
    /// </summary>
    public static async Task AppendAsync(AppDbContext db, IEnumerable<ConsentEvent> events, CancellationToken cancellationToken)
    {
        var previous = await db.ConsentEvents.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
        foreach (var consentEvent in events)
        {
            consentEvent.ChainTo(previous);
            db.ConsentEvents.Add(consentEvent);
            previous = consentEvent;
        }
    }

    public static LedgerVerification Verify(AppDbContext db) =>
        LedgerVerifier.Verify(db.ConsentEvents.AsNoTracking().OrderBy(e => e.Sequence).AsEnumerable());
}
