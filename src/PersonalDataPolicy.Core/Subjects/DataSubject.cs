namespace PersonalDataPolicy.Subjects;

/// <summary>
/// A person whose personal data the fund holds (policy §3). Known to everything outside this record
/// only by <see cref="Id"/>; the names, e-mail and phone are encrypted at rest by the data layer.
/// </summary>
public sealed class DataSubject
{
    private DataSubject()
    {
        LastName = FirstName = Email = EmailIndex = Phone = PhoneIndex = PreferredLanguage = string.Empty;
    }

    public DataSubject(PersonName name, string normalizedEmail, string e164Phone, string preferredLanguage, IBlindIndex index, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        LastName = name.LastName;
        FirstName = name.FirstName;
        Patronymic = name.Patronymic;
        Email = normalizedEmail;
        EmailIndex = index.Compute(BlindIndexKind.Email, normalizedEmail);
        Phone = e164Phone;
        PhoneIndex = index.Compute(BlindIndexKind.Phone, e164Phone);
        PreferredLanguage = preferredLanguage;
        CreatedAt = now;
    }

    /// <summary>
    /// An appeal's sender who typed an address that belongs to <paramref name="claimedSubjectId"/>: what they typed is kept
    /// here, apart, and changes nothing of the owner's until the owner confirms from their mailbox.
    /// </summary>
    public static DataSubject Unconfirmed(PersonName name, string normalizedEmail, string e164Phone, string preferredLanguage, Guid claimedSubjectId, DateTimeOffset now)
    {
        var subject = new DataSubject
        {
            Id = Guid.NewGuid(),
            LastName = name.LastName,
            FirstName = name.FirstName,
            Patronymic = name.Patronymic,
            Email = normalizedEmail,
            Phone = e164Phone,
            PreferredLanguage = preferredLanguage,
            CreatedAt = now,
            Status = SubjectStatus.Unconfirmed,
            ClaimedSubjectId = claimedSubjectId,
        };

        // Unlinkable index values: an unconfirmed record is never found by the address or phone it typed.
        subject.EmailIndex = subject.PhoneIndex = "unconfirmed:" + subject.Id.ToString("N");
        return subject;
    }

    public Guid Id { get; private set; }

    /// <summary>For an <see cref="SubjectStatus.Unconfirmed"/> record: the owner of the address it was sent with.</summary>
    public Guid? ClaimedSubjectId { get; private set; }
    public string LastName { get; private set; }
    public string FirstName { get; private set; }
    public string? Patronymic { get; private set; }
    public string Email { get; private set; }
    public string EmailIndex { get; private set; }
    public string Phone { get; private set; }
    public string PhoneIndex { get; private set; }
    public string PreferredLanguage { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public SubjectStatus Status { get; private set; }
    public BlockReason? BlockReason { get; private set; }
    public DateTimeOffset? BlockedAt { get; private set; }

    /// <summary>When the personal data is to be destroyed (set by a withdrawal of consent).</summary>
    public DateTimeOffset? DestructionDueAt { get; private set; }

    /// <summary>When it was depersonalized or destroyed.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>Holds personal data that may still be processed (not blocked, not erased).</summary>
    public bool IsActive => Status == SubjectStatus.Active;

    /// <summary>Still holds personal data (active, blocked, or an unconfirmed sender's).</summary>
    public bool HoldsPersonalData => Status is SubjectStatus.Active or SubjectStatus.Blocked or SubjectStatus.Unconfirmed;

    /// <summary>The owner of the address on record, as opposed to an unconfirmed sender.</summary>
    public bool IsOwnRecord => Status is SubjectStatus.Active or SubjectStatus.Blocked;

    /// <summary>Consent withdrawn: unblocking would leave an active record without consent, and destruction is due.</summary>
    public bool IsWithdrawn => Status == SubjectStatus.Blocked && BlockReason == Subjects.BlockReason.ConsentWithdrawn;

    /// <summary>Policy §6.4: the person corrects their own data (through a verified link).</summary>
    public void Correct(PersonName name, string e164Phone, IBlindIndex index, DateTimeOffset now)
    {
        EnsureOwnRecord();
        LastName = name.LastName;
        FirstName = name.FirstName;
        Patronymic = name.Patronymic;
        Phone = e164Phone;
        PhoneIndex = index.Compute(BlindIndexKind.Phone, e164Phone);
        UpdatedAt = now;
    }

    /// <summary>Policy §6.4: a new e-mail address, taken only after the person proved they read it.</summary>
    public void ChangeEmail(string normalizedEmail, IBlindIndex index, DateTimeOffset now)
    {
        EnsureOwnRecord();
        Email = normalizedEmail;
        EmailIndex = index.Compute(BlindIndexKind.Email, normalizedEmail);
        UpdatedAt = now;
    }

    public void ChangePreferredLanguage(string language)
    {
        if (SiteLanguages.IsSupported(language))
        {
            PreferredLanguage = language;
        }
    }

    /// <summary>
    /// Policy §2.2: stop all processing; keep the data. A later destruction date may be set with it. A withdrawal
    /// outranks any other reason: blocking again for another reason never hides that consent was withdrawn.
    /// </summary>
    public void Block(BlockReason reason, DateTimeOffset now, DateTimeOffset? destroyAt = null)
    {
        EnsureOwnRecord();
        Status = SubjectStatus.Blocked;
        BlockReason = BlockReason == Subjects.BlockReason.ConsentWithdrawn ? BlockReason : reason;
        BlockedAt = now;
        DestructionDueAt = destroyAt ?? DestructionDueAt;
    }

    public void Unblock(DateTimeOffset now)
    {
        if (Status != SubjectStatus.Blocked)
        {
            throw new InvalidOperationException($"Only a blocked subject can be unblocked; this one is {Status}.");
        }

        if (IsWithdrawn)
        {
            // Law 94-V art. 8: without consent there is nothing to process; the scheduled destruction stands.
            throw new InvalidOperationException("Consent was withdrawn: the record stays blocked until its destruction.");
        }

        Status = SubjectStatus.Active;
        BlockReason = null;
        BlockedAt = null;
        UpdatedAt = now;
    }

    /// <summary>Policy §2.6: replace every personal datum so that nobody can tell whose record this was.</summary>
    public void Depersonalize(DateTimeOffset now) => Erase(SubjectStatus.Depersonalized, now);

    /// <summary>Policy §2.14: remove the personal data irrevocably.</summary>
    public void Destroy(DateTimeOffset now) => Erase(SubjectStatus.Destroyed, now);

    private void Erase(SubjectStatus status, DateTimeOffset now)
    {
        EnsureHoldsPersonalData();
        LastName = FirstName = Email = Phone = string.Empty;
        Patronymic = null;

        // Random, unlinkable index values keep the unique index satisfied and match no real address.
        EmailIndex = "erased:" + Id.ToString("N");
        PhoneIndex = "erased:" + Id.ToString("N");
        Status = status;
        ErasedAt = now;
        DestructionDueAt = null;
        BlockReason = null;
    }

    private void EnsureOwnRecord()
    {
        if (!IsOwnRecord)
        {
            throw new InvalidOperationException($"The subject's record is {Status.ToString().ToLowerInvariant()}.");
        }
    }

    private void EnsureHoldsPersonalData()
    {
        if (!HoldsPersonalData)
        {
            throw new InvalidOperationException($"The subject's personal data is already {Status.ToString().ToLowerInvariant()}.");
        }
    }
}
