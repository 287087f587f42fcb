namespace PersonalDataPolicy.Requests;

public enum DayKind
{
    Working,
    Calendar,
}

/// <summary>A legal term: so many working or calendar days.</summary>
public sealed record DeadlineTerm(int Days, DayKind Kind);

/// <summary>Computes when a request must be answered, from a configurable table of request type → term.</summary>
public sealed class RequestDeadlines(IReadOnlyDictionary<RequestType, DeadlineTerm> terms, WorkingCalendar calendar, TimeZoneInfo timeZone)
{
    /// <summary>
    /// Working days left before a request is due, on the fund's calendar: 0 on its last day or later. A request due
    /// on Friday has 2 left on Wednesday (Thursday and Friday).
    /// </summary>
    public int WorkingDaysLeft(DateTimeOffset now, DateTimeOffset dueAt) => calendar.WorkingDaysBetween(LocalDay(now), LocalDay(dueAt));

    private DateOnly LocalDay(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, timeZone).DateTime);

    /// <summary>The end of the last allowed day, in the fund's time zone, as a UTC instant.</summary>
    public DateTimeOffset DueAt(RequestType type, DateTimeOffset receivedAt) =>
        EndOfTerm(receivedAt, terms.TryGetValue(type, out var configured)
            ? configured
            : throw new InvalidOperationException($"No deadline is configured for {type} requests."));

    /// <summary>The end of the term's last day, counted from the day of <paramref name="receivedAt"/> in the fund's time zone.</summary>
    public DateTimeOffset EndOfTerm(DateTimeOffset receivedAt, DeadlineTerm term)
    {
        var received = LocalDay(receivedAt);
        var lastDay = term.Kind == DayKind.Working ? calendar.AddWorkingDays(received, term.Days) : received.AddDays(term.Days);
        var endOfDay = lastDay.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(endOfDay, timeZone.GetUtcOffset(endOfDay)).ToUniversalTime();
    }
}
