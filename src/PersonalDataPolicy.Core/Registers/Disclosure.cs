namespace PersonalDataPolicy.Registers;

/// <summary>Policy §3: the categories of personal data the fund holds.</summary>
[Flags]
public enum DataCategories
{
    None = 0,
    Names = 1,
    Email = 2,
    Phone = 4,
}

/// <summary>
/// Policy §6.2: personal data is never given to third parties except where the law requires it. Every such
/// disclosure is recorded, and a record cannot exist without the law and article that required it.
/// </summary>
public sealed class Disclosure
{
    private Disclosure()
    {
        Recipient = Law = Article = StaffUserId = string.Empty;
    }

    public Disclosure(string recipient, string law, string article, DataCategories categories, Guid subjectId, DateOnly disclosedOn, string staffUserId, DateTimeOffset recordedAt)
    {
        Recipient = Required(recipient, nameof(recipient));
        Law = Required(law, nameof(law));
        Article = Required(article, nameof(article));
        if (categories == DataCategories.None)
        {
            throw new ArgumentException("A disclosure names the categories of data disclosed.", nameof(categories));
        }

        Id = Guid.NewGuid();
        Categories = categories;
        SubjectId = subjectId;
        DisclosedOn = disclosedOn;
        StaffUserId = staffUserId;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public string Recipient { get; private set; }

    /// <summary>The law that required the disclosure, e.g. "Law of the RK No. 94-V «On Personal Data and Their Protection»".</summary>
    public string Law { get; private set; }

    /// <summary>The article and paragraph, e.g. "art. 9 sub-p. 2".</summary>
    public string Article { get; private set; }
    public DataCategories Categories { get; private set; }
    public Guid SubjectId { get; private set; }
    public DateOnly DisclosedOn { get; private set; }
    public string StaffUserId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    internal static string Required(string value, string name) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > 300
            ? throw new ArgumentException($"{name} is required (at most 300 characters).", name)
            : value.Trim();
}
