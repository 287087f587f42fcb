using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Mail;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Ledger;

namespace PersonalDataPolicy.Web.Features.Admin.Evidence;

/// <summary>
/// Everything the fund can prove about one person's data, for a regulator or a court: the consents with their
/// receipts and positions in the hash-chained ledger, the requests and what staff did on them, the mails sent
/// (when and which template — never a body or an address), the lifecycle steps and who opened the record.
/// Built on demand, never stored: it holds the person's name and contacts while the fund holds them.
/// </summary>
public sealed record EvidencePack(
    DateTimeOffset GeneratedAt,
    string GeneratedBy,
    AccessPurpose Purpose,
    EvidenceSubject Subject,
    IReadOnlyList<EvidenceConsent> Consents,
    IReadOnlyList<EvidenceReceipt> Receipts,
    EvidenceCheckpoint? LedgerCheckpoint,
    IReadOnlyList<EvidenceRequest> Requests,
    IReadOnlyList<EvidenceMail> Mails,
    IReadOnlyList<EvidenceStep> Lifecycle,
    IReadOnlyList<EvidenceStep> RequestActions,
    IReadOnlyList<EvidenceStep> Access,
    IReadOnlyList<EvidenceDisclosure> Disclosures);

public sealed record EvidenceSubject(Guid Id, SubjectStatus Status, DateTimeOffset CreatedAt, string PreferredLanguage, string? LastName, string? FirstName, string? Patronymic,
    string? Email, string? Phone, BlockReason? BlockReason, DateTimeOffset? BlockedAt, DateTimeOffset? DestructionDueAt, DateTimeOffset? ErasedAt);

public sealed record EvidenceConsent(long Sequence, DateTimeOffset OccurredAt, ConsentPurpose Purpose, ConsentAction Action, int PolicyVersion, string PolicyTextSha256,
    string Language, ConsentChannel Channel, string Wording, string? ReceiptId, string? Evidence, string PreviousHash, string Hash, bool CoveredByCheckpoint);

public sealed record EvidenceReceipt(string Id, DateTimeOffset IssuedAt, int PolicyVersion, ConsentChannel Channel, string Language);

public sealed record EvidenceCheckpoint(long Sequence, string Hash, DateTimeOffset At, CheckpointSource Source);

public sealed record EvidenceRequest(Guid Id, RequestType Type, RequestChannel Channel, RequestStatus Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt,
    DateTimeOffset? CompletedAt, bool IsOverdue, string? AssignedTo, IReadOnlyList<EvidenceNote> Notes);

/// <summary>That a note was written, when and by whom; its text stays in the case file (it can name other people).</summary>
public sealed record EvidenceNote(DateTimeOffset At, string Staff);

public sealed record EvidenceMail(DateTimeOffset CreatedAt, DateTimeOffset? SentAt, MailStatus Status, MailKind Kind, string Template, string Language);

/// <summary>One audit line: who did what, when, why; details only where they are the ground of the step (a block reason).</summary>
public sealed record EvidenceStep(DateTimeOffset At, string Staff, AuditAction Action, AccessPurpose? Purpose, string? Details);

public sealed record EvidenceDisclosure(string Register, DateOnly On, string Recipient, string Ground, DataCategories Categories, string RecordedBy, DateTimeOffset RecordedAt);

public sealed class EvidencePackBuilder(AppDbContext db, UserManager<StaffUser> users, VerifyLedgerHandler ledger, TimeProvider clock)
{
    private static readonly AuditAction[] LifecycleActions =
        [AuditAction.BlockedSubject, AuditAction.UnblockedSubject, AuditAction.DepersonalizedSubject, AuditAction.DestroyedSubject];

    public async Task<EvidencePack?> BuildAsync(Guid subjectId, AccessPurpose purpose, string staffUserId, CancellationToken cancellationToken)
    {
        var subject = await db.DataSubjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subjectId, cancellationToken);
        if (subject is null)
        {
            return null;
        }

        var staff = await users.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
        string Who(string id) => staff.GetValueOrDefault(id) ?? id;
        var checkpoint = await ledger.LastCheckpointAsync(cancellationToken);
        var consents = await db.ConsentEvents.AsNoTracking().Where(e => e.SubjectId == subjectId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var receipts = await db.ConsentReceipts.AsNoTracking().Where(r => r.SubjectId == subjectId).OrderBy(r => r.IssuedAt).ToListAsync(cancellationToken);
        var requests = await db.Requests.AsNoTracking().Where(r => r.SubjectId == subjectId).OrderBy(r => r.ReceivedAt).ToListAsync(cancellationToken);
        var requestIds = requests.Select(r => r.Id).ToList();
        var notes = await db.RequestNotes.AsNoTracking().Where(n => requestIds.Contains(n.RequestId)).Select(n => new { n.RequestId, n.At, n.StaffUserId }).ToListAsync(cancellationToken);
        var mails = await db.Outbox.AsNoTracking().Where(m => m.SubjectId == subjectId).OrderBy(m => m.CreatedAt)
            .Select(m => new EvidenceMail(m.CreatedAt, m.SentAt, m.Status, m.Kind, m.Template, m.Language)).ToListAsync(cancellationToken);
        var audit = await db.AuditLog.AsNoTracking().Where(e => e.SubjectId == subjectId).OrderBy(e => e.At).ToListAsync(cancellationToken);
        var disclosures = await db.Disclosures.AsNoTracking().Where(d => d.SubjectId == subjectId).ToListAsync(cancellationToken);
        var transfers = await db.CrossBorderTransfers.AsNoTracking().Where(t => t.SubjectId == subjectId).ToListAsync(cancellationToken);

        var personal = subject.HoldsPersonalData;
        return new EvidencePack(
            clock.GetUtcNow(), Who(staffUserId), purpose,
            new EvidenceSubject(subject.Id, subject.Status, subject.CreatedAt, subject.PreferredLanguage,
                personal ? subject.LastName : null, personal ? subject.FirstName : null, personal ? subject.Patronymic : null,
                personal ? subject.Email : null, personal ? subject.Phone : null, subject.BlockReason, subject.BlockedAt, subject.DestructionDueAt, subject.ErasedAt),
            [.. consents.Select(e => new EvidenceConsent(e.Sequence, e.OccurredAt, e.Purpose, e.Action, e.PolicyVersion, e.PolicyTextSha256, e.Language, e.Channel,
                e.Wording, e.ReceiptId, e.Evidence, e.PreviousHash, e.Hash, checkpoint is { } c && e.Sequence <= c.Sequence))],
            [.. receipts.Select(r => new EvidenceReceipt(r.Id, r.IssuedAt, r.PolicyVersion, r.Channel, r.Language))],
            checkpoint is { } last ? new EvidenceCheckpoint(last.Sequence, last.Hash, last.At, last.Source) : null,
            [.. requests.Select(r => new EvidenceRequest(r.Id, r.Type, r.Channel, r.Status, r.ReceivedAt, r.DueAt, r.CompletedAt, r.IsOverdue,
                r.AssignedTo is { } assignee ? Who(assignee) : null,
                [.. notes.Where(n => n.RequestId == r.Id).OrderBy(n => n.At).Select(n => new EvidenceNote(n.At, Who(n.StaffUserId)))]))],
            mails,
            [.. audit.Where(e => LifecycleActions.Contains(e.Action)).Select(e => new EvidenceStep(e.At, Who(e.StaffUserId), e.Action, e.Purpose, e.Details))],
            [.. audit.Where(e => e.Action == AuditAction.ChangedRequest).Select(e => new EvidenceStep(e.At, Who(e.StaffUserId), e.Action, e.Purpose, e.Details))],
            [.. audit.Where(e => !LifecycleActions.Contains(e.Action) && e.Action != AuditAction.ChangedRequest).Select(e => new EvidenceStep(e.At, Who(e.StaffUserId), e.Action, e.Purpose, null))],
            [
                .. disclosures.Select(d => new EvidenceDisclosure("Disclosure", d.DisclosedOn, d.Recipient, $"{d.Law}, {d.Article}", d.Categories, Who(d.StaffUserId), d.RecordedAt)),
                .. transfers.Select(t => new EvidenceDisclosure($"CrossBorderTransfer:{t.Country}", t.TransferredOn, t.Recipient, $"{t.Basis} ({t.Article}) {t.Reference}".Trim(), t.Categories, Who(t.StaffUserId), t.RecordedAt)),
            ]);
    }
}
