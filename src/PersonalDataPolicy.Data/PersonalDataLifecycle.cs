using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Data;

/// <summary>
/// Blocking, depersonalization and destruction (policy §2.2, §2.6, §2.14) across every table that holds a
/// subject's personal data. Changes are tracked, not saved: the caller commits them with whatever else
/// the same decision changes (a ledger event, a request, a confirmation mail).
/// </summary>
public sealed class PersonalDataLifecycle(AppDbContext db)
{
    public async Task<DataSubject> BlockAsync(Guid subjectId, BlockReason reason, DateTimeOffset now, DateTimeOffset? destroyAt, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(subjectId, cancellationToken);
        subject.Block(reason, now, destroyAt);
        return subject;
    }

    public async Task<DataSubject> UnblockAsync(Guid subjectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(subjectId, cancellationToken);
        subject.Unblock(now);
        return subject;
    }

    /// <summary>Replaces the personal data everywhere; appeals stay as anonymous rows for statistics.</summary>
    public async Task DepersonalizeAsync(Guid subjectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(subjectId, cancellationToken);
        subject.Depersonalize(now);
        var appeals = await db.Appeals.Where(a => a.SubjectId == subjectId).ToListAsync(cancellationToken);
        foreach (var appeal in appeals)
        {
            appeal.Depersonalize();
        }

        // Answers quote the person; they go, the anonymous appeal rows stay.
        var appealIds = appeals.Select(a => a.Id).ToList();
        db.AppealAnswers.RemoveRange(await db.AppealAnswers.Where(a => appealIds.Contains(a.AppealId)).ToListAsync(cancellationToken));

        await EraseMailAndTokensAsync(subjectId, cancellationToken);
    }

    /// <summary>Removes the personal data everywhere, appeals included; the ledger and requests hold none and stay.</summary>
    public async Task DestroyAsync(Guid subjectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(subjectId, cancellationToken);
        subject.Destroy(now);
        db.Appeals.RemoveRange(await db.Appeals.Where(a => a.SubjectId == subjectId).ToListAsync(cancellationToken));
        await EraseMailAndTokensAsync(subjectId, cancellationToken);
    }

    /// <summary>
    /// Destroys every subject whose destruction date has come (after a withdrawal of consent), and every unconfirmed
    /// sender's record received before <paramref name="unconfirmedBefore"/> (its owner never confirmed it).
    /// </summary>
    public async Task<int> DestroyDueAsync(DateTimeOffset now, DateTimeOffset unconfirmedBefore, CancellationToken cancellationToken)
    {
        var due = await db.DataSubjects
            .Where(s => (s.Status == SubjectStatus.Blocked && s.DestructionDueAt != null && s.DestructionDueAt <= now)
                || (s.Status == SubjectStatus.Unconfirmed && s.CreatedAt <= unconfirmedBefore))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var subjectId in due)
        {
            await DestroyAsync(subjectId, now, cancellationToken);
        }

        return due.Count;
    }

    private async Task EraseMailAndTokensAsync(Guid subjectId, CancellationToken cancellationToken)
    {
        foreach (var message in await db.Outbox.Where(m => m.SubjectId == subjectId).ToListAsync(cancellationToken))
        {
            message.Erase();
        }

        db.VerificationTokens.RemoveRange(await db.VerificationTokens.Where(t => t.SubjectId == subjectId).ToListAsync(cancellationToken));
    }

    private async Task<DataSubject> SubjectAsync(Guid subjectId, CancellationToken cancellationToken) =>
        await db.DataSubjects.SingleOrDefaultAsync(s => s.Id == subjectId, cancellationToken)
        ?? throw new InvalidOperationException($"No data subject {subjectId}.");
}
