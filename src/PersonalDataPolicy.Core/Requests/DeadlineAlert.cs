namespace PersonalDataPolicy.Requests;

public enum DeadlineAlertKind
{
    /// <summary>A reminder to the assignee that the request is due within so many working days.</summary>
    DueSoon,

    /// <summary>The request is past its legal deadline; the compliance officers are told (Law 94-V art. 25 p. 3 sub-p. 3).</summary>
    Overdue,
}

/// <summary>
/// That a deadline alert went out for a request at one threshold. One row per request, kind and threshold (a unique
/// index), so each alert is sent once however many rounds, or site instances, see the request.
/// </summary>
public sealed class DeadlineAlert
{
    private DeadlineAlert()
    {
    }

    public DeadlineAlert(Guid requestId, DeadlineAlertKind kind, int workingDaysBefore, DateTimeOffset sentAt)
    {
        Id = Guid.NewGuid();
        RequestId = requestId;
        Kind = kind;
        WorkingDaysBefore = kind == DeadlineAlertKind.Overdue ? 0 : workingDaysBefore;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public Guid RequestId { get; private set; }
    public DeadlineAlertKind Kind { get; private set; }

    /// <summary>The threshold that was crossed; 0 for an overdue alert.</summary>
    public int WorkingDaysBefore { get; private set; }
    public DateTimeOffset SentAt { get; private set; }

    /// <summary>
    /// The thresholds a request has crossed with <paramref name="workingDaysLeft"/> working days left, nearest first;
    /// none once it is overdue (the overdue alert takes over).
    /// </summary>
    public static IReadOnlyList<int> CrossedThresholds(IEnumerable<int> thresholds, int workingDaysLeft) =>
        thresholds.Where(t => workingDaysLeft <= t).Order().ToList();
}
