namespace PersonalDataPolicy.Subjects;

/// <summary>Where a subject's personal data stands in its life (policy §2.2, §2.6, §2.14, §6.3).</summary>
public enum SubjectStatus
{
    Active,

    /// <summary>§2.2: processing stopped until unblocked; the data is kept.</summary>
    Blocked,

    /// <summary>§2.6: personal data replaced; the person can no longer be identified.</summary>
    Depersonalized,

    /// <summary>§2.14: personal data removed irrevocably; only an opaque tombstone remains.</summary>
    Destroyed,

    /// <summary>
    /// Typed into a form with an address that already belongs to another record. Holds what the sender typed, claims
    /// nothing (no usable e-mail index), and joins the owner's record only if the owner confirms from their mailbox.
    /// </summary>
    Unconfirmed,
}

public enum BlockReason
{
    ConsentWithdrawn,
    InaccuracyReported,
    StaffDecision,
}
