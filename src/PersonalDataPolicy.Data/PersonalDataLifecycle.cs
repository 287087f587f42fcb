using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Erasure;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Data;

/// <summary>
/// Blocking, depersonalization and destruction (policy §2.2, §2.6, §2.14; Law 94-V art. 1 sub-p. 3, 6, 7, art. 18) across every
/// table and file that holds a subject's personal data. Changes are tracked, not saved: the caller commits them with whatever
/// else the same decision changes (a ledger event, a request, an approval, the audit line), then calls
/// <see cref="AppDbContext.ForgetFreedPagesAsync"/>. Mail copies outside the database are deleted at once: a failed commit
/// loses only a development copy of a mail.
/// </summary>
public sealed class PersonalDataLifecycle(AppDbContext db, IEnumerable<IMailCopies> mailCopies)
{
    /// <summary>The audit log's staff id for what the maintenance schedule does.</summary>
    public const string ScheduleActor = "system:maintenance";

    /// <summary>The audit log's page for what the maintenance schedule does.</summary>
    public const string SchedulePage = "scheduled maintenance";

    /// <param name="staffUserId">Null when the person did it (a withdrawal).</param>
    public async Task<BlockHistoryEntry> BlockAsync(Guid subjectId, BlockReason reason, DateTimeOffset now, DateTimeOffset? destroyAt,
        string? staffUserId, AccessPurpose? purpose, string? note, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(subjectId, cancellationToken);
        subject.Block(reason, now, destroyAt);
        var entry = new BlockHistoryEntry(subjectId, BlockChange.Blocked, subject.BlockReason, staffUserId, purpose, note, now);
        db.BlockHistory.Add(entry);
        return entry;
    }

    public async Task<BlockHistoryEntry> UnblockAsync(Guid subjectId, DateTimeOffset now, string staffUserId, AccessPurpose purpose, string? note, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(subjectId, cancellationToken);
        var reason = subject.BlockReason;
        subject.Unblock(now);
        var entry = new BlockHistoryEntry(subjectId, BlockChange.Unblocked, reason, staffUserId, purpose, note, now);
        db.BlockHistory.Add(entry);
        return entry;
    }

    /// <summary>Replaces the personal data everywhere; appeals stay as anonymous rows for statistics.</summary>
    public Task<ErasureCertificate> DepersonalizeAsync(Guid subjectId, ErasureDecision decision, DateTimeOffset now, CancellationToken cancellationToken) =>
        EraseAsync(subjectId, ErasureKind.Depersonalized, decision, now, cancellationToken);

    /// <summary>Removes the personal data everywhere, appeals included; the ledger, the requests and the certificate hold none and stay.</summary>
    public Task<ErasureCertificate> DestroyAsync(Guid subjectId, ErasureDecision decision, DateTimeOffset now, CancellationToken cancellationToken) =>
        EraseAsync(subjectId, ErasureKind.Destroyed, decision, now, cancellationToken);

    /// <summary>
    /// Destroys every subject whose destruction date has come (after a withdrawal of consent), and every unconfirmed
    /// sender's record received before <paramref name="unconfirmedBefore"/> (its owner never confirmed it); each with a
    /// certificate and an audit line of the schedule.
    /// </summary>
    public async Task<int> DestroyDueAsync(DateTimeOffset now, DateTimeOffset unconfirmedBefore, CancellationToken cancellationToken)
    {
        var due = await db.DataSubjects
            .Where(s => (s.Status == SubjectStatus.Blocked && s.DestructionDueAt != null && s.DestructionDueAt <= now)
                || (s.Status == SubjectStatus.Unconfirmed && s.CreatedAt <= unconfirmedBefore))
            .Select(s => new { s.Id, s.Status, s.BlockReason })
            .ToListAsync(cancellationToken);
        foreach (var subject in due)
        {
            var ground = subject.Status == SubjectStatus.Unconfirmed ? ErasureGround.UnconfirmedSenderExpired
                : subject.BlockReason == BlockReason.ConsentWithdrawn ? ErasureGround.ConsentWithdrawn
                : ErasureGround.RetentionEnded;
            var certificate = await DestroyAsync(subject.Id, ErasureDecision.Scheduled(ground), now, cancellationToken);
            db.AuditLog.Add(new AuditEntry(ScheduleActor, AuditAction.DestroyedSubject, subject.Id, SchedulePage, AccessPurpose.LegalObligation,
                $"certificate {certificate.Id}: {ground}", now));
        }

        return due.Count;
    }

    private async Task<ErasureCertificate> EraseAsync(Guid subjectId, ErasureKind kind, ErasureDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(subjectId, cancellationToken);
        var erased = new Tally();

        // Read before the record forgets them: the index links mailbox records, the address links replies to a stranger.
        var emailIndex = subject.EmailIndex;
        var email = subject.IsOwnRecord ? subject.Email : null;
        erased.Add(ErasedCategories.Name, 1);
        erased.Add(ErasedCategories.ContactDetails, 1);
        if (kind == ErasureKind.Destroyed)
        {
            subject.Destroy(now);
        }
        else
        {
            subject.Depersonalize(now);
        }

        await EraseAppealsAsync(subjectId, kind, erased, cancellationToken);
        await EraseMailAsync(subjectId, email, emailIndex, erased, cancellationToken);
        var requestsClosed = await CloseRequestsAsync(subjectId, now, erased, cancellationToken);
        await EraseStaffReasonsAsync(subjectId, erased, cancellationToken);

        var receipts = await db.ConsentReceipts.AsNoTracking().Where(r => r.SubjectId == subjectId).Select(r => r.Id).ToListAsync(cancellationToken);
        var certificate = new ErasureCertificate(subjectId, kind, decision, erased.Categories, erased.Items, requestsClosed, receipts, now);
        db.ErasureCertificates.Add(certificate);
        return certificate;
    }

    private async Task EraseAppealsAsync(Guid subjectId, ErasureKind kind, Tally erased, CancellationToken cancellationToken)
    {
        var appeals = await db.Appeals.Where(a => a.SubjectId == subjectId).ToListAsync(cancellationToken);
        var appealIds = appeals.Select(a => a.Id).ToList();

        // Answers quote the person; they go in both cases.
        var answers = await db.AppealAnswers.Where(a => appealIds.Contains(a.AppealId)).ToListAsync(cancellationToken);
        db.AppealAnswers.RemoveRange(answers);
        erased.Add(ErasedCategories.AppealAnswers, answers.Count);
        if (kind == ErasureKind.Destroyed)
        {
            db.Appeals.RemoveRange(appeals);
        }
        else
        {
            // Depersonalized appeals stay as anonymous rows for statistics.
            appeals.ForEach(a => a.Depersonalize());
        }

        erased.Add(ErasedCategories.Appeals, appeals.Count);
    }

    private async Task EraseMailAsync(Guid subjectId, string? email, string emailIndex, Tally erased, CancellationToken cancellationToken)
    {
        var messages = await db.Outbox.Where(m => m.SubjectId == subjectId).ToListAsync(cancellationToken);
        if (!string.IsNullOrEmpty(email))
        {
            // Answers to an address not yet on record (the mailbox's reply to an unknown sender) name no subject; the
            // address is encrypted, so they are compared after decryption.
            var unlinked = await db.Outbox.Where(m => m.SubjectId == null && m.Kind == MailKind.RightsResponse).ToListAsync(cancellationToken);
            messages.AddRange(unlinked.Where(m => string.Equals(m.ToAddress, email, StringComparison.OrdinalIgnoreCase)));
        }

        var withContent = messages.Where(m => m.ToAddress.Length > 0 || m.TextBody.Length > 0).ToList();
        withContent.ForEach(m => m.Erase());
        erased.Add(ErasedCategories.Mails, withContent.Count);
        var ids = messages.Select(m => m.Id).ToList();
        foreach (var copies in mailCopies)
        {
            erased.Add(ErasedCategories.Mails, copies.Erase(ids));
        }

        var tokens = await db.VerificationTokens.Where(t => t.SubjectId == subjectId).ToListAsync(cancellationToken);
        db.VerificationTokens.RemoveRange(tokens);
        erased.Add(ErasedCategories.AccessLinks, tokens.Count);

        var inbound = await db.InboundMail.Where(m => m.SenderIndex == emailIndex).ToListAsync(cancellationToken);
        inbound.ForEach(m => m.ForgetSender());
        erased.Add(ErasedCategories.InboundMailSenders, inbound.Count);
    }

    private async Task<int> CloseRequestsAsync(Guid subjectId, DateTimeOffset now, Tally erased, CancellationToken cancellationToken)
    {
        var requests = await db.Requests.Where(r => r.SubjectId == subjectId).ToListAsync(cancellationToken);
        var requestIds = requests.Select(r => r.Id).ToList();
        var notes = await db.RequestNotes.Where(n => requestIds.Contains(n.RequestId)).ToListAsync(cancellationToken);
        db.RequestNotes.RemoveRange(notes);
        erased.Add(ErasedCategories.RequestNotes, notes.Count);
        erased.Add(ErasedCategories.RejectionReasons, requests.Count(r => r.EraseRejectionReason()));
        return requests.Count(r => r.CloseOnErasure(now));
    }

    private async Task EraseStaffReasonsAsync(Guid subjectId, Tally erased, CancellationToken cancellationToken)
    {
        var history = await db.BlockHistory.Where(e => e.SubjectId == subjectId).ToListAsync(cancellationToken);
        erased.Add(ErasedCategories.StaffReasons, history.Count(e => e.EraseNote()));
        var target = subjectId.ToString("D");
        var approvals = await db.PendingApprovals.Where(a => a.Kind == ApprovalKind.DestroySubject && a.Target == target).ToListAsync(cancellationToken);
        erased.Add(ErasedCategories.StaffReasons, approvals.Count(a => a.EraseReason()));
    }

    private async Task<DataSubject> SubjectAsync(Guid subjectId, CancellationToken cancellationToken) =>
        await db.DataSubjects.SingleOrDefaultAsync(s => s.Id == subjectId, cancellationToken)
        ?? throw new InvalidOperationException($"No data subject {subjectId}.");

    /// <summary>The categories that had something in them, and how many items went.</summary>
    private sealed class Tally
    {
        public ErasedCategories Categories { get; private set; }

        public int Items { get; private set; }

        public void Add(ErasedCategories category, int count)
        {
            if (count > 0)
            {
                Categories |= category;
                Items += count;
            }
        }
    }
}
