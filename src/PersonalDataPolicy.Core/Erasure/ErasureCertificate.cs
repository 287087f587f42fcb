namespace PersonalDataPolicy.Erasure;

/// <summary>Law 94-V art. 1 sub-p. 6 and 7: destroyed (cannot be restored) or depersonalized (cannot be attributed to the person).</summary>
public enum ErasureKind
{
    Destroyed,
    Depersonalized,
}

/// <summary>Why personal data were erased; each value names the rule of Law 94-V it rests on.</summary>
public enum ErasureGround
{
    /// <summary>Art. 24 p. 1 sub-p. 5, art. 8: the person withdrew consent; destroyed when the retention schedule allows.</summary>
    ConsentWithdrawn,

    /// <summary>Art. 18 sub-p. 1 with art. 12 p. 2: the storage term ended.</summary>
    RetentionEnded,

    /// <summary>Art. 25 p. 2 sub-p. 4: the purpose of collection and processing was achieved.</summary>
    PurposeAchieved,

    /// <summary>Art. 18 sub-p. 2: the legal relationship with the person ended.</summary>
    RelationshipEnded,

    /// <summary>Art. 18 sub-p. 3: a court decision came into force.</summary>
    CourtDecision,

    /// <summary>Art. 18 sub-p. 3-1, art. 25 p. 2 sub-p. 8: collected or processed without consent or in breach of the law.</summary>
    UnlawfulProcessing,

    /// <summary>Art. 24 p. 1 sub-p. 4: the person demanded destruction.</summary>
    SubjectDemand,

    /// <summary>Art. 18 sub-p. 1: an appeal's sender never confirmed an address that belongs to someone else; kept only for Consent:UnconfirmedRetention.</summary>
    UnconfirmedSenderExpired,
}

/// <summary>What was erased, for the certificate; never the data themselves.</summary>
[Flags]
public enum ErasedCategories
{
    None = 0,

    /// <summary>Last name, first name, patronymic.</summary>
    Name = 1,

    /// <summary>E-mail address and phone number.</summary>
    ContactDetails = 2,
    Appeals = 4,
    AppealAnswers = 8,

    /// <summary>Addresses and bodies of mails in the outbox, and their copies in the mail pickup folder.</summary>
    Mails = 16,

    /// <summary>Single-use links (access, confirmation) and the new addresses they carried.</summary>
    AccessLinks = 32,
    RequestNotes = 64,
    RejectionReasons = 128,

    /// <summary>Free text typed by staff: block and unblock reasons, the reasons given for a destruction.</summary>
    StaffReasons = 256,

    /// <summary>The link from messages received in the requests mailbox to the sender's address.</summary>
    InboundMailSenders = 512,
}

/// <summary>
/// The act that records an erasure (Law 94-V art. 18, art. 25 p. 2 sub-p. 4 and 8): what was erased, when, by whom (a staff
/// member or the automatic schedule), on which ground and with whose approval. It holds no personal data — the person is
/// the record's opaque id and the ids of their consent receipts — so it outlives the data it speaks of, unchanged.
/// </summary>
public sealed class ErasureCertificate : IAppendOnly
{
    private ErasureCertificate()
    {
        ReceiptIds = string.Empty;
    }

    public ErasureCertificate(Guid subjectId, ErasureKind kind, ErasureDecision decision, ErasedCategories categories, int items,
        int requestsClosed, IEnumerable<string> receiptIds, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        SubjectId = subjectId;
        Kind = kind;
        Ground = decision.Ground;
        PerformedBy = decision.StaffUserId;
        ApprovalId = decision.ApprovalId;
        RequestedBy = decision.RequestedBy;
        RequestedAt = decision.RequestedAt;
        Categories = categories;
        Items = items;
        RequestsClosed = requestsClosed;
        ReceiptIds = string.Join(' ', receiptIds.Order(StringComparer.Ordinal));
        At = at;
    }

    public Guid Id { get; private set; }

    /// <summary>The act's number as printed: the day and the first eight hex digits of its id.</summary>
    public string Number => $"{At:yyyyMMdd}-{Id.ToString("N")[..8].ToUpperInvariant()}";
    public Guid SubjectId { get; private set; }
    public ErasureKind Kind { get; private set; }
    public ErasureGround Ground { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>The staff member who carried it out (for four eyes: the one who approved); null when the schedule did.</summary>
    public string? PerformedBy { get; private set; }

    /// <summary>The four-eyes approval it carried out, with who asked and when.</summary>
    public Guid? ApprovalId { get; private set; }
    public string? RequestedBy { get; private set; }
    public DateTimeOffset? RequestedAt { get; private set; }
    public ErasedCategories Categories { get; private set; }

    /// <summary>How many rows and files were erased or removed.</summary>
    public int Items { get; private set; }

    /// <summary>Open requests of the person closed by the erasure.</summary>
    public int RequestsClosed { get; private set; }

    /// <summary>The consent receipts issued to the person (space-separated ids): pseudonymous, so the act can be matched to a receipt the person kept.</summary>
    public string ReceiptIds { get; private set; }

    public bool ByTheSchedule => PerformedBy is null;
}

/// <summary>Who decided an erasure and on which ground; the approval, when a second staff member approved it.</summary>
public sealed record ErasureDecision(ErasureGround Ground, string? StaffUserId, Guid? ApprovalId = null, string? RequestedBy = null, DateTimeOffset? RequestedAt = null)
{
    /// <summary>The automatic schedule: no staff member, no approval.</summary>
    public static ErasureDecision Scheduled(ErasureGround ground) => new(ground, null);
}
