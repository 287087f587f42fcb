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

    public Guid Id { get; private set; }
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

    /// <summary>Still holds personal data (active or blocked).</summary>
    public bool HoldsPersonalData => Status is SubjectStatus.Active or SubjectStatus.Blocked;

    /// <summary>Policy §6.4: the person corrects their own data (through a verified link).</summary>
    public void Correct(PersonName name, string e164Phone, IBlindIndex index, DateTimeOffset now)
    {
        EnsureHoldsPersonalData();
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
        EnsureHoldsPersonalData();
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

    /// <summary>Policy §2.2: stop all processing; keep the data. A later destruction date may be set with it.</summary>
    public void Block(BlockReason reason, DateTimeOffset now, DateTimeOffset? destroyAt = null)
    {
        EnsureHoldsPersonalData();
        Status = SubjectStatus.Blocked;
        BlockReason = reason;
        BlockedAt = now;
        DestructionDueAt = destroyAt ?? DestructionDueAt;
    }

    public void Unblock(DateTimeOffset now)
    {
        if (Status != SubjectStatus.Blocked)
        {
            throw new InvalidOperationException($"Only a blocked subject can be unblocked; this one is {Status}.");
        }

        Status = SubjectStatus.Active;
        BlockReason = null;
        BlockedAt = null;
        DestructionDueAt = null;
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

    private void EnsureHoldsPersonalData()
    {
        if (!HoldsPersonalData)
        {
            throw new InvalidOperationException($"The subject's personal data is already {Status.ToString().ToLowerInvariant()}.");
        }
    }
}
