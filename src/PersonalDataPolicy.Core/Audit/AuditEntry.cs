namespace PersonalDataPolicy.Audit;

/// <summary>What a staff member did or looked at.</summary>
public enum AuditAction
{
    ViewedSubject,
    SearchedSubjects,
    BlockedSubject,
    UnblockedSubject,
    DepersonalizedSubject,
    DestroyedSubject,
    ChangedRequest,
    AnsweredAppeal,
    ExportedConsentHistory,
    VerifiedLedger,
}

/// <summary>Why a staff member opened a person's data (asked on the page, remembered for a while).</summary>
public enum AccessPurpose
{
    AnsweringRequest,
    AnsweringAppeal,
    ComplianceReview,
    LegalObligation,
}

/// <summary>
/// One line of the append-only audit log: who, when, which subject (opaque id), which page, why.
/// It never holds the subject's personal data, not even a search term.
/// </summary>
public sealed class AuditEntry : IAppendOnly
{
    private AuditEntry()
    {
        StaffUserId = Page = string.Empty;
    }

    public AuditEntry(string staffUserId, AuditAction action, Guid? subjectId, string page, AccessPurpose? purpose, string? details, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        StaffUserId = staffUserId;
        Action = action;
        SubjectId = subjectId;
        Page = page;
        Purpose = purpose;
        Details = details;
        At = at;
    }

    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string StaffUserId { get; private set; }
    public AuditAction Action { get; private set; }
    public Guid? SubjectId { get; private set; }
    public string Page { get; private set; }
    public AccessPurpose? Purpose { get; private set; }

    /// <summary>A reason or a short note typed by staff (e.g. why a subject was blocked).</summary>
    public string? Details { get; private set; }
}
