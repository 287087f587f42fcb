namespace PersonalDataPolicy.Audit;

/// <summary>What a staff member (or the site's scheduled verification of the ledger) did or looked at.</summary>
public enum AuditAction
{
    ViewedSubject,
    SearchedSubjects,
    BlockedSubject,
    UnblockedSubject,
    DepersonalizedSubject,
    DestroyedSubject,
    ChangedRequest,

    /// <summary>Staff registered a request received by phone, on paper or in person; details: type, id, channel, the kind of identity check.</summary>
    RegisteredRequest,
    AnsweredAppeal,
    ExportedConsentHistory,

    /// <summary>A verification of the consent ledger that found it intact.</summary>
    VerifiedLedger,

    /// <summary>A verification of the consent ledger that found a broken place; details: "{fault} at #{sequence}: {reason}".</summary>
    LedgerBroken,

    /// <summary>A signed checkpoint of the ledger's head, kept outside the events table; details: its JSON (sequence, hash, at, signature).</summary>
    LedgerCheckpoint,

    /// <summary>A staff member was invited; details: the new staff id and the roles given at once or asked for.</summary>
    InvitedStaff,

    /// <summary>Roles given or removed at once; details: the staff id and the change ("+Staff -ComplianceOfficer").</summary>
    ChangedStaffRoles,
    DeactivatedStaff,
    ActivatedStaff,
    CreatedPolicyDraft,
    EditedPolicyDraft,
    PublishedPolicy,
    RecordedDisclosure,
    RecordedTransfer,
    RecordedWrittenConsent,
    ExportedAuditLog,

    /// <summary>A change that waits for a second staff member (four eyes); details: the approval id and what it asks for.</summary>
    RequestedApproval,
    ApprovedRequest,
    RejectedRequest,

    /// <summary>A staff member signed in; details: which factor completed it. Never the typed name.</summary>
    SignedIn,

    /// <summary>A refused sign-in step; staff user id "(unknown account)" when the name is not staff (the name is not kept).</summary>
    SignInFailed,

    /// <summary>A failed sign-in step that locked the account.</summary>
    SignInLockedOut,

    /// <summary>A person's evidence pack was opened or downloaded (for a regulator or a court); details: "html" or "json".</summary>
    ExportedEvidencePack,
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
