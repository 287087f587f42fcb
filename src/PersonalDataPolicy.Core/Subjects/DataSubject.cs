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
}
