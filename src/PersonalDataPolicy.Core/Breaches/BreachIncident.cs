using PersonalDataPolicy.Registers;

namespace PersonalDataPolicy.Breaches;

/// <summary>
/// One breach of the security of personal data, as the compliance officer records it. Law 94-V art. 25 p. 2 sub-p. 8
/// (since 1 July 2024): the authorized body is told within one working day of discovery, with the contacts of the
/// person responsible for organising processing. The record names people only through <see cref="BreachSubject"/>
/// (opaque ids); its texts describe the incident, not the people.
/// </summary>
public sealed class BreachIncident
{
    public const int MaxTextLength = 4000;

    private readonly List<BreachSubject> _subjects = [];

    private BreachIncident()
    {
        Cause = Consequences = Measures = RecordedBy = string.Empty;
    }

    public BreachIncident(int number, DateTimeOffset discoveredAt, DateTimeOffset? occurredAt, DataCategories categories, int subjectCount,
        string cause, string consequences, string measures, string recordedBy, DateTimeOffset recordedAt, DateTimeOffset notifyAuthorityBy)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        ArgumentOutOfRangeException.ThrowIfNegative(subjectCount);
        if (discoveredAt > recordedAt)
        {
            throw new ArgumentException("A breach cannot be discovered after it is recorded.", nameof(discoveredAt));
        }

        if (occurredAt > discoveredAt)
        {
            throw new ArgumentException("A breach cannot happen after it was discovered.", nameof(occurredAt));
        }

        if (categories == DataCategories.None)
        {
            throw new ArgumentException("A breach names the categories of data concerned.", nameof(categories));
        }

        Id = Guid.NewGuid();
        Number = number;
        DiscoveredAt = discoveredAt;
        OccurredAt = occurredAt;
        Categories = categories;
        SubjectCount = subjectCount;
        Cause = Text(cause, nameof(cause));
        Consequences = Text(consequences, nameof(consequences));
        Measures = Text(measures, nameof(measures));
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
        NotifyAuthorityBy = notifyAuthorityBy;
    }

    public Guid Id { get; private set; }

    /// <summary>The register's running number, as staff and the notification refer to the incident.</summary>
    public int Number { get; private set; }
    public DateTimeOffset DiscoveredAt { get; private set; }

    /// <summary>When the breach happened, if known.</summary>
    public DateTimeOffset? OccurredAt { get; private set; }
    public DataCategories Categories { get; private set; }

    /// <summary>How many people are affected (an estimate while the people are still being identified).</summary>
    public int SubjectCount { get; private set; }
    public string Cause { get; private set; }
    public string Consequences { get; private set; }

    /// <summary>Measures taken and planned to end the breach and limit its consequences.</summary>
    public string Measures { get; private set; }
    public string RecordedBy { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The end of the one working day after discovery, on the fund's calendar.</summary>
    public DateTimeOffset NotifyAuthorityBy { get; private set; }
    public DateTimeOffset? AuthorityNotifiedAt { get; private set; }
    public string? AuthorityNotifiedBy { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedBy { get; private set; }
    public IReadOnlyList<BreachSubject> Subjects => _subjects;

    public bool IsOpen => ClosedAt is null;

    /// <summary>The authorized body has not been told and the working day is over.</summary>
    public bool IsOverdue(DateTimeOffset now) => AuthorityNotifiedAt is null && now > NotifyAuthorityBy;

    public bool NotifiedLate => AuthorityNotifiedAt > NotifyAuthorityBy;

    /// <summary>Links people to the incident; one already linked stays linked once. Returns how many were new.</summary>
    public int LinkSubjects(IEnumerable<Guid> subjectIds, DateTimeOffset at)
    {
        var added = 0;
        foreach (var id in subjectIds.Distinct().Where(id => _subjects.All(s => s.SubjectId != id)))
        {
            _subjects.Add(new BreachSubject(Id, id, at));
            added++;
        }

        return added;
    }

    /// <summary>The notification to the authorized body was sent; its stored copy never changes after this.</summary>
    public void MarkAuthorityNotified(string staffUserId, DateTimeOffset at)
    {
        if (AuthorityNotifiedAt is not null)
        {
            throw new InvalidOperationException($"Incident {Number}: the authorized body was already notified.");
        }

        AuthorityNotifiedAt = at;
        AuthorityNotifiedBy = staffUserId;
    }

    public void Close(string staffUserId, DateTimeOffset at)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"Incident {Number} is already closed.");
        }

        if (AuthorityNotifiedAt is null)
        {
            throw new InvalidOperationException($"Incident {Number}: the authorized body must be notified before the incident is closed.");
        }

        ClosedAt = at;
        ClosedBy = staffUserId;
    }

    private static string Text(string value, string name) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > MaxTextLength
            ? throw new ArgumentException($"{name} is required (at most {MaxTextLength} characters).", name)
            : value.Trim();
}

/// <summary>A person affected by an incident: the opaque subject id only, and when they were told.</summary>
public sealed class BreachSubject
{
    private BreachSubject()
    {
    }

    internal BreachSubject(Guid incidentId, Guid subjectId, DateTimeOffset linkedAt)
    {
        IncidentId = incidentId;
        SubjectId = subjectId;
        LinkedAt = linkedAt;
    }

    public Guid IncidentId { get; private set; }
    public Guid SubjectId { get; private set; }
    public DateTimeOffset LinkedAt { get; private set; }
    public DateTimeOffset? NotifiedAt { get; private set; }

    public void MarkNotified(DateTimeOffset at) => NotifiedAt ??= at;
}

/// <summary>
/// The notification to the authorized body exactly as it was sent, in the language it was sent in: written once when
/// staff mark it sent, never changed or removed (the data layer refuses).
/// </summary>
public sealed class BreachNotificationCopy : IAppendOnly
{
    private BreachNotificationCopy()
    {
        Language = Content = SentBy = string.Empty;
    }

    public BreachNotificationCopy(Guid incidentId, string language, string content, string sentBy, DateTimeOffset sentAt)
    {
        Id = Guid.NewGuid();
        IncidentId = incidentId;
        Language = language;
        Content = content;
        SentBy = sentBy;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public Guid IncidentId { get; private set; }
    public string Language { get; private set; }

    /// <summary>The notification's fields as sent (JSON), so the printed page can be shown again word for word.</summary>
    public string Content { get; private set; }
    public string SentBy { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
}
